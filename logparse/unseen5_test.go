package logparse

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewmanReport: a Newman JSON report (newman run -r json) is read as the
// requests its run made, however it is laid out, and a Postman collection
// wrapped the way Postman's API returns one still is not.
func TestNewmanReport(t *testing.T) {
	pretty, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "json", "newman-json-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(pretty, &doc); err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(doc) // jq -c, with the keys sorted (jq -S): "_" holds exporter_id first
	want := []string{
		`POST "/v1/customers" host="api.stripe.com" status=200 id="req_NwM0000000" time="2026-03-04T10:15:02Z" livemode=false source="Newman" ua="PostmanRuntime/7.43.0" api_version="2024-06-20"`,
		`GET "/v1/customers/cus_Q1w2E3r4T5y6" host="api.stripe.com" query="expand%5B%5D=default_source" status=200 id="req_NwM0000001" time="2026-03-04T10:15:03Z" livemode=false source="Newman" ua="PostmanRuntime/7.43.0" api_version="2024-06-20"`,
		`POST "/v1/refunds" host="api.stripe.com" status=403 id="req_NwM0000002" time="2026-03-04T10:15:04Z" livemode=false source="Newman" ua="PostmanRuntime/7.43.0" api_version="2024-06-20"`,
	}
	for name, input := range map[string]string{"pretty": string(pretty), "compact": string(compact)} {
		t.Run(name, func(t *testing.T) {
			rd, f, err := Open("newman.json", strings.NewReader(input), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if f != FormatJSON {
				t.Fatalf("format %q, want json", f)
			}
			reqs, errs := readAll(t, rd)
			if len(errs) != 1 || !errors.Is(errs[0], ErrNotSent) || !strings.Contains(errs[0].Error(), "GET /v1/events: it got no response (ENOTFOUND)") {
				t.Errorf("problems %v, want the execution without a response as never sent", errs)
			}
			var got []string
			for _, r := range reqs {
				_, rest, _ := strings.Cut(render(r), " ")
				rest, _, _ = strings.Cut(rest, " error=") // the denial's message is checked below
				got = append(got, strings.TrimSuffix(rest, " DENIAL"))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(reqs) == 3 && (reqs[2].Error == nil || !strings.Contains(reqs[2].Error.Message, "rak_refund_write")) {
				t.Errorf("the 403's message from the response body is missing: %+v", reqs[2].Error)
			}
			for _, r := range reqs {
				if r.Livemode == nil || *r.Livemode {
					t.Errorf("%s %s: livemode %v, want test (the Authorization header's key)", r.Method, r.Path, r.Livemode)
				}
			}
		})
	}
}

// TestNewmanURL: the url of an execution as postman-collection writes it.
func TestNewmanURL(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`{"protocol":"https","host":["api","stripe","com"],"path":["v1","charges"],"query":[],"variable":[]}`, "https://api.stripe.com/v1/charges"},
		{`{"protocol":"https","host":["api","stripe","com"],"port":"443","path":["v1","charges"],"query":[{"key":"limit","value":"3"},{"key":"expand[]","value":"data.customer","disabled":true}]}`,
			"https://api.stripe.com:443/v1/charges?limit=3"},
		{`{"host":"api.stripe.com","path":"/v1/charges"}`, "https://api.stripe.com/v1/charges"},
		{`"https://api.stripe.com/v1/charges?limit=3"`, "https://api.stripe.com/v1/charges?limit=3"},
		{`{"path":["v1","charges"]}`, "/v1/charges"},
		{`{}`, ""},
		{`42`, ""},
	}
	for _, tt := range tests {
		if got := newmanURLString(json.RawMessage(tt.raw)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestPostmanAPICollectionNotNewman: Postman's API returns a collection as
// {"collection": {"info": …, "item": […]}} on one line; that is no run, and
// says so. On one line (as jq -c writes any collection) the SDK reader had
// taken each item's method and URL for a request made.
func TestPostmanAPICollectionNotNewman(t *testing.T) {
	in := `{"collection":{"info":{"_postman_id":"f0e1","name":"Stripe","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
		`"item":[{"name":"Create customer","request":{"method":"POST","url":{"raw":"https://api.stripe.com/v1/customers","host":["api","stripe","com"],"path":["v1","customers"]}}}]}}` + "\n"
	app := `{"info":{"_postman_id":"f0e1","name":"Stripe","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
		`"item":[{"name":"Create customer","request":{"method":"POST","url":{"raw":"https://api.stripe.com/v1/customers"}}}]}` + "\n"
	for name, body := range map[string]string{"api": in, "app export, jq -c": app} {
		t.Run(name, func(t *testing.T) {
			if isNewmanReport([]byte(body)) {
				t.Fatal("a collection taken for a Newman report")
			}
			path := filepath.Join(t.TempDir(), "collection.json")
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			err := scanDiscarding([]Input{{Name: path, Path: path}}, ScanOptions{}, false)
			if !errors.Is(err, ErrNoRequests) || !strings.Contains(err.Error(), "this is a Postman collection") {
				t.Errorf("err %v, want no requests, with the collection named", err)
			}
		})
	}
}
