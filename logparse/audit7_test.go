package logparse

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestForcedFormatReadingNothingSaysWhatTheInputIs: a log forced into a
// format it is not written in reads nothing. The error must say what the
// input looks like and how to read it, not list "formats tried" (only the
// forced one was) nor advise passing --input-format (which led here).
func TestForcedFormatReadingNothingSaysWhatTheInputIs(t *testing.T) {
	valid := filepath.Join("..", "testdata", "logs", "valid")
	tests := []struct {
		file   string
		forced Format
		want   string
	}{
		{"sdk/python.log", FormatTailText, "this looks like sdk, not tail-text (drop --input-format to detect it, or pass --input-format sdk)"},
		{"sdk/python.log", FormatTailJSON, "this looks like sdk, not tail-json (drop --input-format to detect it, or pass --input-format sdk)"},
		{"sdk/python.log", FormatJSON, "this looks like sdk, not json (drop --input-format to detect it, or pass --input-format sdk)"},
		{"sdk/python.log", FormatHAR, "this looks like sdk, not har (drop --input-format to detect it, or pass --input-format sdk)"},
		// Detected as what was forced, and still nothing in it.
		{"../invalid/sdk-no-requests.log", FormatSDK, "nothing in it reads as sdk: drop --input-format to detect its format"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" as "+string(tt.forced), func(t *testing.T) {
			path := filepath.Join(valid, tt.file)
			opt := ScanOptions{Options: Options{Format: tt.forced}}
			_, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, opt, func(Request) error { return nil })
			if err == nil {
				t.Fatal("read requests; want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error does not say %q:\n%s", tt.want, msg)
			}
			for _, bad := range []string{"formats tried", "pass --input-format NAME"} {
				if strings.Contains(msg, bad) {
					t.Errorf("error says %q, but only the forced format was tried:\n%s", bad, msg)
				}
			}
		})
	}
}
