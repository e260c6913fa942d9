package logparse

import (
	"fmt"
	"testing"
	"time"
)

// clockZones have what local times go wrong on: daylight saving both ways,
// a half-hour shift (Lord Howe) and a half-hour offset (Kolkata).
var clockZones = []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}

// TestLocalClockMatchesParse reads every second around each zone's
// daylight-saving changes, in order, with one clock (so its minute cache is
// used as a reader would use it), and holds it to time.ParseInLocation.
func TestLocalClockMatchesParse(t *testing.T) {
	for _, name := range clockZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skipf("no zone data for %s: %v", name, err)
		}
		c := &localClock{loc: loc}
		for _, day := range []string{"2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01"} {
			start, _ := time.Parse("2006-01-02", day)
			for s := 0; s < 86400; s += 7 { // every 7 s: every minute, at changing seconds
				ts := start.Add(time.Duration(s) * time.Second).Format("2006-01-02 15:04:05")
				checkClock(t, c, loc, ts)
			}
		}
	}
}

func checkClock(t *testing.T, c *localClock, loc *time.Location, ts string) {
	t.Helper()
	want, werr := time.ParseInLocation("2006-01-02 15:04:05", ts, loc)
	got, ok := c.at([]byte(ts))
	if ok != (werr == nil) || (ok && !got.Equal(want)) {
		t.Fatalf("%s in %s: got %v (%v), time.ParseInLocation %v (%v)", ts, loc, got, ok, want, werr)
	}
}

func TestLocalClockRefusesWhatParseRefuses(t *testing.T) {
	c := &localClock{loc: time.UTC}
	for _, ts := range []string{"2026-02-29 10:00:00", "2024-02-29 10:00:00", "2026-04-31 10:00:00", "2026-13-01 10:00:00",
		"2026-00-10 10:00:00", "2026-01-00 10:00:00", "2026-01-01 24:00:00", "2026-01-01 23:60:00", "2026-01-01 23:59:60",
		"0000-01-01 00:00:00", "9999-12-31 23:59:59"} {
		checkClock(t, c, time.UTC, ts)
	}
}

// FuzzLocalClock: any timestamp-shaped input, read after any other, reads as
// time.ParseInLocation reads it.
func FuzzLocalClock(f *testing.F) {
	f.Add(uint64(20260329023000), uint64(20260329023015), uint8(1))
	f.Add(uint64(20261025025959), uint64(20261025030000), uint8(2))
	f.Add(uint64(20260229120000), uint64(20260301000000), uint8(0))
	f.Fuzz(func(t *testing.T, a, b uint64, zone uint8) {
		loc, err := time.LoadLocation(clockZones[int(zone)%len(clockZones)])
		if err != nil {
			t.Skip(err)
		}
		c := &localClock{loc: loc}
		for _, v := range []uint64{a, b} {
			d := fmt.Sprintf("%014d", v%100000000000000)
			ts := d[0:4] + "-" + d[4:6] + "-" + d[6:8] + " " + d[8:10] + ":" + d[10:12] + ":" + d[12:14]
			checkClock(t, c, loc, ts)
		}
	})
}
