package stripemock

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestStartAnswersLikeStripe(t *testing.T) {
	s := Start(t)
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/v1/customers?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+TestKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var list struct {
		Object string `json:"object"`
		URL    string `json:"url"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if list.Object != "list" || list.URL != "/v1/customers" {
		t.Fatalf("not a customer list: %+v", list)
	}
}

func TestStartRejectsMissingKey(t *testing.T) {
	s := Start(t)
	resp, err := http.Get(s.URL + "/v1/customers")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401 without a key", resp.StatusCode)
	}
}

func TestStopKillsTheServer(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) { url = Start(t).URL })
	if resp, err := http.Get(url + "/v1/customers"); err == nil {
		resp.Body.Close()
		t.Fatalf("stripe-mock still answers at %s after its test ended", url)
	}
}

func TestParallelServersDoNotShareAPort(t *testing.T) {
	// Hold stripe-mock's default HTTPS port, as a running `rakmigrate proxy`
	// (same default port) would: servers must start anyway.
	if l, err := net.Listen("tcp", ":12112"); err == nil {
		defer l.Close()
	}
	a, b := Start(t), Start(t)
	if a.URL == b.URL {
		t.Fatalf("both on %s", a.URL)
	}
	for _, out := range []string{a.Output(), b.Output()} {
		if strings.Contains(out, "12112") {
			t.Fatalf("stripe-mock touched :12112:\n%s", out)
		}
	}
}
