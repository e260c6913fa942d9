package stripemock

import (
	"encoding/json"
	"net/http"
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
