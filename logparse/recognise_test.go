package logparse

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecogniseNearMisses: files people feed by mistake are named in the
// error, and the error never repeats a key the file holds.
func TestRecogniseNearMisses(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want "" means not recognised
	}{
		{"a.env", "export STRIPE_API_KEY=rk_test_CANARY123\n", "environment file (.env)"},
		{"b.env", "# app\nPORT=8080\nSTRIPE_SECRET_KEY = rk_test_CANARY123\n", "environment file (.env)"},
		{"spec.json", `{"components":{"schemas":{"x":{"x-resourceId":"balance"}}}}`, "OpenAPI description"},
		{"swagger.yaml", "swagger: \"2.0\"\ninfo:\n  title: x\n", "OpenAPI description"},
		{"env.json", `{"name":"s","values":[],"_postman_variable_scope":"globals"}`, "Postman environment"},
		{"i.yaml", "type: collection.insomnia.rest/5.0\nname: Stripe\n", "Insomnia export"},
		{"trigger.log", "A newer version of the Stripe CLI is available, please update to: v1.44.0\nSetting up fixture for: payment_intent\nRunning fixture for: payment_intent\nTrigger succeeded! Check dashboard for event details.\n", "`stripe trigger` output"},
		{"app.log", "2026-03-04 10:15:02 INFO loaded STRIPE_API_KEY=rk_test_CANARY123 from env\n", ""},
		{"notes.md", "We moved off swagger: \"2.0\" last year.\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.name)
			if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			got, _ := recognise(path)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("recognise = %q, want it to say %q", got, tc.want)
			}
			_, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, ScanOptions{}, func(Request) error { return nil })
			if err == nil || strings.Contains(err.Error(), "CANARY") {
				t.Errorf("Scan error %v: want one, without the key", err)
			}
		})
	}
}
