package logparse

import "time"

// A syslog line (RFC 3164 §4.1.2, rsyslog's files, journalctl's default
// "short" output) dates itself without a year: "Mar  4 10:15:02 web-1
// billing[2231]: …". Readers of such files (journalctl, rsyslog's own
// parsers) take the year from what is around: here the last line of the
// file that did carry a full date (the next year when the date would fall
// before that line: the log went on past New Year), else the scan's clock;
// a date that would then lie more than a day in the future is last year's
// (a December log read in January).

// syslogMonths are RFC 3164's month abbreviations, in order.
var syslogMonths = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// syslogTime is the time at the start of b when b starts with a syslog
// prefix (syslogPrefixLen), in the reader's zone; zero otherwise.
func (s *sdkReader) syslogTime(b []byte) time.Time {
	if syslogPrefixLen(b) == 0 {
		return time.Time{}
	}
	month := 0
	for i, m := range syslogMonths {
		if string(b[:3]) == m {
			month = i + 1
		}
	}
	if month == 0 {
		return time.Time{}
	}
	day := int(b[5] - '0')
	if b[4] != ' ' {
		day += int(b[4]-'0') * 10
	}
	hour, min, sec := num2(b[7:]), num2(b[10:]), num2(b[13:])
	if day < 1 || hour > 23 || min > 59 || sec > 59 {
		return time.Time{}
	}
	nsec := 0
	if b[15] == '.' { // journalctl -o short-precise: microseconds
		scale := int(time.Second)
		for i := 16; i < len(b) && isDigit(b[i]) && scale > 1; i++ {
			scale /= 10
			nsec += int(b[i]-'0') * scale
		}
	}
	now := s.now().In(s.loc)
	ref, dated := s.datedLine()
	if !dated {
		ref = now
	}
	t := time.Date(ref.Year(), time.Month(month), day, hour, min, sec, nsec, s.loc)
	if t.Day() != day {
		return time.Time{} // Feb 29 in a year without one, or Apr 31
	}
	if dated && t.Before(ref.Add(-24*time.Hour)) {
		// A log goes forward: a date before the dated line above it (give
		// or take a day of disorder between sources) is the next year's.
		t = t.AddDate(1, 0, 0)
	}
	if t.After(now.Add(24 * time.Hour)) {
		t = t.AddDate(-1, 0, 0)
	}
	return t
}

// datedLine is the time of the last line that began with a full date
// (entryTime's line), when there was one.
func (s *sdkReader) datedLine() (time.Time, bool) {
	if s.stampLine == 0 {
		return time.Time{}, false
	}
	at, ok := lineStamp(s.stamp[:s.stampLen], s.loc)
	return at, ok && !at.IsZero()
}
