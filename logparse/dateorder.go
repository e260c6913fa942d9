package logparse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unsafe"
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
	if !mayBeSlashed(s) {
		return notSlashed // every ISO, unix or named-month time: the table's hot path
	}
	k := slashNumbers(s)
	if k == slashAmbig && o == DateOrderAuto && strings.Contains(s, ", ") && (strings.HasSuffix(s, "AM") || strings.HasSuffix(s, "PM")) {
		return slashMDY
	}
	return k
}

// mayBeSlashed is the cheap test before slashNumbers: a digit, then '/'
// as the second or third byte.
func mayBeSlashed(s string) bool {
	return len(s) >= 6 && s[0] >= '0' && s[0] <= '9' && (s[1] == '/' || s[2] == '/')
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

// slashLayouts holds every layout slashLayout picks, built once:
// [order][year digits][separator before the time][seconds][clock].
var slashLayouts = func() (t [2][2][3][2][3]string) {
	for o, date := range []string{"2/1/", "1/2/"} {
		for y, year := range []string{"06", "2006"} {
			for sp, sep := range []string{"", " ", ", "} {
				for sec, mins := range []string{"15:04", "15:04:05"} {
					for c, clock := range []string{"", " PM", "PM"} {
						tod := mins
						if clock != "" {
							tod = "3" + mins[2:] + clock
						}
						if sep == "" {
							tod = "" // the date alone
						}
						t[o][y][sp][sec][c] = date + year + sep + tod
					}
				}
			}
		}
	}
	return t
}()

// slashLayout is the one layout that fits s in an order: the year's
// digits, ", " or " " before the time, seconds or not, a 12-hour clock
// with AM/PM. "1" and "2" take one or two digits, so 3/4 and 03/04 both
// fit. Built layouts are looked up: every row of a table comes here.
func slashLayout(s string, o DateOrder) string {
	ord := 0
	if o == DateOrderMDY {
		ord = 1
	}
	j := strings.IndexByte(s, '/')
	j += 1 + strings.IndexByte(s[j+1:], '/')
	k := j + 1
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	year := 0
	if k-j-1 == 4 {
		year = 1
	}
	rest := s[k:]
	sep, sec, clock := 0, 0, 0
	switch {
	case rest == "":
	case strings.HasPrefix(rest, ", "):
		sep, rest = 2, rest[2:]
	case rest[0] == ' ':
		sep, rest = 1, rest[1:]
	}
	if strings.Count(rest, ":") >= 2 {
		sec = 1
	}
	if n := len(rest); n >= 2 && (rest[n-1]|0x20) == 'm' && ((rest[n-2]|0x20) == 'a' || (rest[n-2]|0x20) == 'p') {
		clock = 2
		if n >= 3 && rest[n-3] == ' ' {
			clock = 1
		}
	}
	return slashLayouts[ord][year][sep][sec][clock]
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
	// Tables never get here (their rows wait for the column's order), so
	// --date-order is no advice: JSON values and log lines are read alone.
	return fmt.Errorf("time %q could be day/month or month/day: %s day-first or %s month-first; write it as yyyy-mm-dd hh:mm:ss or RFC 3339",
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

// Reading a table, the order of a column's slashed dates is decided by the
// first of them whose numbers say it (25/03/2026: day first). The rows
// before it whose dates read either way are held back, not lost, and read
// once the order is known, in their place and with their own positions.
// A table that never says is one problem for the file, not one per row.

// holdMaxRows and holdMaxBytes bound what is held back while an order is
// unknown (variables: tests lower them). Past them the rows waiting are
// given up, counted, and told as one problem.
var (
	holdMaxRows  = 100_000
	holdMaxBytes = 32 << 20
)

// columnOrder is what a column's dates have shown of its order.
type columnOrder struct {
	order DateOrder // Auto until a date decides it
	line  int       // the row that decided it
	cell  string    // the date that decided it
	// gaveUp: held rows were given up for want of an order (the bound
	// was reached); its later ambiguous rows are given up too, until a
	// date decides.
	gaveUp bool
}

// heldRow is a row read while an earlier one waits for an order: the
// request (or the error) it gave, or, when it waits itself, its cells.
// Kept small: up to holdMaxRows of them may wait.
type heldRow struct {
	r     *Request // the request of a row read already; nil for an error or a waiting row
	err   error
	cells []string // a waiting row's cells, read again once its order is known
	wait  []int    // the columns whose order it waits for
	cell  string   // its first waiting date, for the problem if it is given up
	line  int
	col   int // where that date stands on the line
	n     int // how many requests the row stands for
	size  int // bytes it holds, counted against holdMaxBytes
}

// heldSize is what a held row costs: the row itself, its request or its
// cells (the strings of both point into the record csv.Reader made, of
// rowBytes bytes).
func heldSize(r *Request, cells, rowBytes int) int {
	size := int(unsafe.Sizeof(heldRow{}))
	if r != nil {
		size += int(unsafe.Sizeof(Request{})) + rowBytes
	}
	if cells > 0 {
		size += cells*int(unsafe.Sizeof("")) + rowBytes
	}
	return size
}

// dateHold is one input's slashed-date columns and the rows held back.
type dateHold struct {
	given DateOrder // --date-order: nothing is decided, nothing held
	cols  []columnOrder
	file  string
	names []string // the columns' headers, for messages; nil for a headerless table
	one   [][]int  // one[i] is []int{i} once needed: the rows waiting for column i alone share it
	queue []heldRow
	head  int
	bytes int
	// The rows given up for want of an order and not told yet: how many,
	// and the first date among them, for the one problem.
	lost     int
	lostAt   Position
	lostCell string
	lostCol  string
	// decidedLate: a date decided a column after rows of it were given up.
	decidedLate bool
}

func newDateHold(given DateOrder, file string, names []string) *dateHold {
	return &dateHold{given: given, file: file, names: names, cols: make([]columnOrder, max(len(names), 1))}
}

// waitList is wait as a row keeps it: shared when it is one column.
func (h *dateHold) waitList(wait []int) []int {
	if len(wait) != 1 || wait[0] >= len(h.cols) {
		return append([]int(nil), wait...)
	}
	if h.one == nil {
		h.one = make([][]int, len(h.cols))
	}
	if h.one[wait[0]] == nil {
		h.one[wait[0]] = []int{wait[0]}
	}
	return h.one[wait[0]]
}

// holding reports rows held back: the rows after them queue behind.
func (h *dateHold) holding() bool { return h != nil && h.head < len(h.queue) }

// orderOf is the order column i is read in: the given one, the one its
// dates decided, or Auto.
func (h *dateHold) orderOf(i int) DateOrder {
	if h.given != DateOrderAuto || i >= len(h.cols) {
		return h.given
	}
	return h.cols[i].order
}

// errMixedOrders marks a column whose dates contradict its order.
var errMixedOrders = errors.New("the column mixes two date orders")

// decide notes a date whose numbers say its column's order. A column
// decided the other way before is an error at this cell.
func (h *dateHold) decide(i int, kind slashKind, cell string, line int) error {
	if h.given != DateOrderAuto || i >= len(h.cols) {
		return nil
	}
	o := DateOrderDMY
	if kind == slashMDY {
		o = DateOrderMDY
	}
	c := &h.cols[i]
	switch c.order {
	case DateOrderAuto:
		c.order, c.line, c.cell = o, line, cell
		if c.gaveUp {
			c.gaveUp, h.decidedLate = false, true
		}
		return nil
	case o:
		return nil
	}
	return fmt.Errorf("time %q is %s (%s), but line %d (%s) showed this column is %s: %w",
		shorten(cell), o.words(), whyOrder(cell, kind), c.line, shorten(c.cell), c.order.words(), errMixedOrders)
}

// push queues a row read while others are held.
func (h *dateHold) push(row heldRow) {
	if row.size == 0 {
		row.size = heldSize(row.r, len(row.cells), 0)
	}
	if len(h.queue) == cap(h.queue) {
		// Doubling: append grows a large slice by a quarter, which
		// allocates five times what it ends up holding.
		q := make([]heldRow, len(h.queue), max(64, 2*cap(h.queue)))
		copy(q, h.queue)
		h.queue = q
	}
	h.queue = append(h.queue, row)
	h.bytes += row.size
	if len(h.queue)-h.head > holdMaxRows || h.bytes > holdMaxBytes {
		h.giveUp()
	}
}

// waiting reports whether a row still waits for an order.
func (h *dateHold) waiting(wait []int) bool {
	for _, i := range wait {
		if h.cols[i].order == DateOrderAuto {
			return true
		}
	}
	return false
}

// gaveUpOn reports a waiting row whose columns were given up: it is given
// up as it comes, not held.
func (h *dateHold) gaveUpOn(wait []int) bool {
	for _, i := range wait {
		if h.cols[i].order == DateOrderAuto && h.cols[i].gaveUp {
			return true
		}
	}
	return false
}

// lose counts a row given up.
func (h *dateHold) lose(row *heldRow) {
	if h.lost == 0 {
		h.lostAt = Position{File: h.file, Line: row.line, Column: row.col}
		h.lostCell, h.lostCol = row.cell, ""
		if i := row.wait[0]; i < len(h.names) {
			h.lostCol = strings.TrimSpace(h.names[i])
		}
	}
	h.lost++
	for _, i := range row.wait {
		if h.cols[i].order == DateOrderAuto {
			h.cols[i].gaveUp = true
		}
	}
}

// giveUp drops the held rows whose orders are still unknown, counted for
// the one problem, and marks their columns: their later ambiguous rows
// are given up as they come.
func (h *dateHold) giveUp() {
	kept := h.queue[:h.head]
	for i := h.head; i < len(h.queue); i++ {
		row := &h.queue[i]
		if h.waiting(row.wait) {
			h.bytes -= row.size
			h.lose(row)
			continue
		}
		kept = append(kept, *row)
	}
	clear(h.queue[len(kept):])
	h.queue = kept
}

// pop hands out the first held row when it no longer waits; redo reads a
// waiting row's cells again now that its orders are known.
func (h *dateHold) pop(redo func(*heldRow) (Request, int, error)) (Request, int, error, bool) {
	if !h.holding() {
		return Request{}, 0, nil, false
	}
	row := &h.queue[h.head]
	var r Request
	n, err := row.n, row.err
	switch {
	case len(row.wait) > 0:
		if h.waiting(row.wait) {
			return Request{}, 0, nil, false
		}
		r, n, err = redo(row)
	case row.r != nil:
		r = *row.r
	}
	h.bytes -= row.size
	h.queue[h.head] = heldRow{}
	h.head++
	if h.head == len(h.queue) {
		h.queue, h.head = h.queue[:0], 0
		if cap(h.queue) > 4096 {
			h.queue = nil // a long wait is over: its memory goes back
		}
	}
	return r, n, err, true
}

// problem is the one report of the rows given up, or nil: at the end of
// the input, or at line decidedAt, whose date decided after the bound.
func (h *dateHold) problem(end bool, decidedAt int) *ParseError {
	if h.lost == 0 {
		return nil
	}
	rows := itoa(h.lost) + " rows"
	if h.lost == 1 {
		rows = "1 row"
	}
	what := "time "
	if h.lostCol != "" {
		what = "column " + h.lostCol + ": " + what
	}
	what += strconv.Quote(shorten(h.lostCell)) + " could be day/month or month/day (" +
		bothReadings(h.lostCell) + ")"
	where := "the column"
	if h.lostCol == "" {
		where = "the file"
	}
	if end {
		what += ", and no date in " + where + " has a number above 12 to say which: "
	} else {
		what += ", and more than " + itoa(holdMaxRows) + " rows (or " + itoa(holdMaxBytes>>20) +
			" MiB) came before line " + itoa(decidedAt) + " said which: "
	}
	what += rows + " with such dates not read"
	pe := newParseError(h.lostAt, ErrMalformed, what,
		"pass --date-order dmy if days come first, as in the UK and most of the world, or --date-order mdy if months do, as in the US; "+
			"or re-save the column formatted as yyyy-mm-dd hh:mm:ss")
	h.lost, h.lostCell = 0, ""
	return pe
}

// bothReadings says a date both ways: "2026-03-04 10:15 day-first or
// 2026-04-03 10:15 month-first".
func bothReadings(s string) string {
	dmy, ok1 := parseSlashDate(s, time.UTC, DateOrderDMY)
	mdy, ok2 := parseSlashDate(s, time.UTC, DateOrderMDY)
	if !ok1 || !ok2 {
		return "day-first or month-first"
	}
	return plainTime(dmy, s) + " day-first or " + plainTime(mdy, s) + " month-first"
}
