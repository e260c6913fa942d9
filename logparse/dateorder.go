package logparse

import (
	"fmt"
	"strings"
	"time"
)

// DateOrder is how a slashed date (04/03/2026) is read: spreadsheets write
// dates in their user's locale, day first in most of the world, month
// first in the US, and 04/03 alone cannot say which.
type DateOrder uint8

const (
	// DateOrderAuto decides per table column from the data: the first date
	// with a number above 12 in one place fixes the order of its column.
	DateOrderAuto DateOrder = iota
	DateOrderDMY            // day first: 04/03/2026 is 4 March
	DateOrderMDY            // month first: 04/03/2026 is April 3
)

// dateOrderNames are the values --date-order takes.
var dateOrderNames = []struct {
	name  string
	order DateOrder
}{
	{"", DateOrderAuto}, {"auto", DateOrderAuto},
	{"dmy", DateOrderDMY}, {"day-first", DateOrderDMY},
	{"mdy", DateOrderMDY}, {"month-first", DateOrderMDY},
}

// ParseDateOrder reads a --date-order value: dmy (or day-first), mdy (or
// month-first), or empty to decide from the data.
func ParseDateOrder(s string) (DateOrder, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, n := range dateOrderNames {
		if v == n.name {
			return n.order, nil
		}
	}
	return DateOrderAuto, fmt.Errorf("%q is not a date order: use dmy (day first: 04/03/2026 is 4 March), mdy (month first: April 3), or leave it empty to decide from the data", s)
}

func (o DateOrder) String() string {
	switch o {
	case DateOrderDMY:
		return "dmy"
	case DateOrderMDY:
		return "mdy"
	}
	return "auto"
}

// pattern is the order's date as a spreadsheet's format writes it.
func (o DateOrder) pattern() string {
	if o == DateOrderMDY {
		return "mm/dd/yyyy"
	}
	return "dd/mm/yyyy"
}

// words is how messages name an order.
func (o DateOrder) words() string {
	if o == DateOrderMDY {
		return "month-first"
	}
	return "day-first"
}

// slashKind is what a cell's first two numbers say about its order.
type slashKind uint8

const (
	notSlashed   slashKind = iota // no dd/dd/yy[yy] date
	slashAmbig                    // both numbers 1–12: either order
	slashDMY                      // the first is above 12: day first
	slashMDY                      // the second is above 12: month first
	slashNeither                  // no order makes a date of them (13/13, 0/5)
)

// cellKind is slashNumbers, but an Azure Monitor time ("3/4/2026,
// 10:15:02.123 AM", the portal's en-US rendering) is month-first whatever
// its numbers, unless an order is given.
func cellKind(s string, o DateOrder) slashKind {
	k := slashNumbers(s)
	if k == slashAmbig && o == DateOrderAuto && strings.Contains(s, ", ") && (strings.HasSuffix(s, "AM") || strings.HasSuffix(s, "PM")) {
		return slashMDY
	}
	return k
}

// slashNumbers reads the shape `^\d{1,2}/\d{1,2}/\d{2,4}\b` by hand (a
// regexp costs more than the CSV row around it) and classifies it.
func slashNumbers(s string) slashKind {
	a, i := leadNumber(s, 0)
	if i < 0 || i >= len(s) || s[i] != '/' {
		return notSlashed
	}
	b, j := leadNumber(s, i+1)
	if j < 0 || j >= len(s) || s[j] != '/' {
		return notSlashed
	}
	k := j + 1
	for k < len(s) && k-j-1 < 5 && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if n := k - j - 1; n < 2 || n > 4 || (k < len(s) && wordByte(s[k])) {
		return notSlashed
	}
	switch {
	case a < 1 || b < 1 || (a > 12 && b > 12) || a > 31 || b > 31:
		return slashNeither
	case a > 12:
		return slashDMY
	case b > 12:
		return slashMDY
	}
	return slashAmbig
}

// leadNumber reads one or two digits at s[i:]; the index after them, or -1.
func leadNumber(s string, i int) (int, int) {
	n, start := 0, i
	for i < len(s) && i-start < 3 && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == start || i-start > 2 {
		return 0, -1
	}
	return n, i
}

func wordByte(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// slashLayout builds the one layout that fits s in an order: the year's
// digits, ", " or " " before the time, seconds or not, a 12-hour clock
// with AM/PM. "1" and "2" take one or two digits, so 3/4 and 03/04 both fit.
func slashLayout(s string, o DateOrder) string {
	var b strings.Builder
	if o == DateOrderMDY {
		b.WriteString("1/2/")
	} else {
		b.WriteString("2/1/")
	}
	j := strings.IndexByte(s, '/')
	j += 1 + strings.IndexByte(s[j+1:], '/')
	k := j + 1
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k-j-1 == 4 {
		b.WriteString("2006")
	} else {
		b.WriteString("06")
	}
	rest := s[k:]
	if rest == "" {
		return b.String()
	}
	switch {
	case strings.HasPrefix(rest, ", "):
		b.WriteString(", ")
		rest = rest[2:]
	case strings.HasPrefix(rest, " "):
		b.WriteByte(' ')
		rest = rest[1:]
	}
	upper := strings.ToUpper(rest)
	pm := strings.HasSuffix(upper, "AM") || strings.HasSuffix(upper, "PM")
	hour := "15"
	if pm {
		hour = "3"
	}
	b.WriteString(hour)
	if strings.Count(rest, ":") >= 2 {
		b.WriteString(":04:05")
	} else {
		b.WriteString(":04")
	}
	if pm {
		if strings.HasSuffix(upper[:len(upper)-2], " ") {
			b.WriteByte(' ')
		}
		b.WriteString("PM")
	}
	return b.String()
}

// parseSlashDate reads a slashed date in order o (not Auto).
func parseSlashDate(s string, loc *time.Location, o DateOrder) (time.Time, bool) {
	t, err := time.ParseInLocation(slashLayout(s, o), s, loc)
	if err != nil && strings.ContainsAny(s, "apm") {
		// "1:16 pm": time.Parse wants PM as the layout writes it.
		t, err = time.ParseInLocation(slashLayout(s, o), strings.ToUpper(s), loc)
	}
	return t, err == nil
}

// slashTime reads a cell that slashNumbers found slashed, in order o; Auto
// reads only what the numbers decide. The error says what the cell could
// be, from the cell itself.
func slashTime(s string, loc *time.Location, o DateOrder, kind slashKind) (time.Time, error) {
	given := o != DateOrderAuto
	switch {
	case kind == slashNeither:
		return time.Time{}, fmt.Errorf("time %q could be day/month or month/day, but is a date neither way", shorten(s))
	case o == DateOrderAuto && kind == slashDMY:
		o = DateOrderDMY
	case o == DateOrderAuto && kind == slashMDY:
		o = DateOrderMDY
	case o == DateOrderAuto:
		return time.Time{}, ambiguousDate(s, loc)
	case o == DateOrderDMY && kind == slashMDY, o == DateOrderMDY && kind == slashDMY:
		return time.Time{}, fmt.Errorf("time %q is not %s as --date-order %s says (%s)", shorten(s), o.words(), o, whyOrder(s, kind))
	}
	if t, ok := parseSlashDate(s, loc, o); ok {
		return t, nil
	}
	if !given {
		return time.Time{}, fmt.Errorf("time %q could be day/month or month/day, but reads as neither (want dd/mm/yyyy hh:mm[:ss] or mm/dd/yyyy hh:mm[:ss])", shorten(s))
	}
	return time.Time{}, fmt.Errorf("time %q is no %s date and time (want %s hh:mm[:ss])", shorten(s), o.words(), o.pattern())
}

// whyOrder says which number decides a cell's order: "25 is no month".
func whyOrder(s string, kind slashKind) string {
	a, i := leadNumber(s, 0)
	b, _ := leadNumber(s, i+1)
	if kind == slashDMY {
		return itoa(a) + " is no month"
	}
	return itoa(b) + " is no month"
}

// ambiguousDate is the error for a date either order reads, saying both.
func ambiguousDate(s string, loc *time.Location) error {
	dmy, ok1 := parseSlashDate(s, loc, DateOrderDMY)
	mdy, ok2 := parseSlashDate(s, loc, DateOrderMDY)
	if !ok1 || !ok2 {
		return fmt.Errorf("time %q could be day/month or month/day, but is a date and time neither way", shorten(s))
	}
	return fmt.Errorf("time %q could be day/month or month/day: %s day-first or %s month-first (pass --date-order dmy or mdy)",
		shorten(s), plainTime(dmy, s), plainTime(mdy, s))
}

// plainTime writes t as yyyy-mm-dd with the time of day s had.
func plainTime(t time.Time, s string) string {
	switch {
	case !strings.ContainsRune(s, ':'):
		return t.Format("2006-01-02")
	case strings.Count(s, ":") >= 2:
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}
