package migrate

import (
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{7 * time.Second, "7s"},
		{59*time.Second + 600*time.Millisecond, "1m"},
		{45 * time.Minute, "45m"},
		{45*time.Minute + 20*time.Second, "45m"},
		{59*time.Minute + 40*time.Second, "1h"},
		{5 * time.Hour, "5h"},
		{5*time.Hour + 59*time.Minute, "5h"},
		{72 * time.Hour, "3d"},
		{13*24*time.Hour + 4*time.Hour, "13d 4h"},
	} {
		if got := FormatDuration(tc.d); got != tc.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
