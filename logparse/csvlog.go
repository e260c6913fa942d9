package logparse

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"time"
)

// csvReader reads user-built tables of request logs: CSV or TSV (or ';'),
// with a header row whose names are matched through the synonym table.
type csvReader struct {
	name string
	cr   *csv.Reader
	// in is cr's buffer over tape, kept when a resync makes a new cr: a
	// fresh 4 KiB one for each row that breaks its quoting made such a row
	// cost five good ones.
	in      *bufio.Reader
	loc     *time.Location
	max     int
	columns []field
	locs    []*time.Location // per column: the zone its header names, else nil
	header  []string
	started bool
	ended   bool // a read error (a .gz cut off) ended the input
	count   int  // the column of a count (csvcount.go), -1 when none
	cur     Request
	left    int // copies of cur still to hand out (its row's count)
	// After a broken record the reading starts over (csvresync.go):
	tape      *csvTape // the input, with what cr has taken of the current record
	lineOff   int      // the file's line before cr's line 1
	suspectTo int      // the last line a broken record took: rows up to it are read again
	// early: where a .gz broke before the header row (see damageMark).
	early []error
	junk  junkRun // the run of binary lines being read
	// pend is the row (or error) read after a run of binary lines, read
	// once the run is told: nothing is read between, so the csv.Reader's
	// positions are still its own.
	pend    []string
	pendErr error
	pendSet bool
	// Slashed dates (dateorder.go): the order given (--date-order), each
	// time column's order and the rows held back until it is known.
	order       DateOrder
	dates       *dateHold // nil until the header row is found
	scratchWait []int
}

// junkRun is a run of lines of binary data (see lineReader.nextText).
type junkRun struct{ first, last, n, size int }

func (j *junkRun) add(line, size int) {
	if j.n == 0 {
		j.first = line
	}
	j.n++
	j.last = max(j.last, line)
	j.size += size
}

// report tells the run and starts a new one.
func (j *junkRun) report(name string) error {
	what := "a line of binary data (" + itoa(j.size) + " bytes)"
	if j.n > 1 {
		what = "lines " + itoa(j.first) + "-" + itoa(j.last) + ": binary data (" + itoa(j.size) + " bytes)"
	}
	first := j.first
	*j = junkRun{}
	return newParseError(Position{File: name, Line: first, Column: 1}, ErrMalformed,
		what+" in the table: a bad sector or bytes written over the file; what it held is lost",
		"the rows before and after it are read")
}

// junkRow adds a row, or a line the csv.Reader gave up on, to the run of
// binary lines when it is one.
//
// Only a row that would be reported is looked at, or any row while a run is
// being read: a row of the table costs nothing.
func (c *csvReader) junkRow(rec []string, err error) bool {
	switch jl, isJunk := err.(*csvJunkLine); {
	case err == nil:
		bad, n, size := 0, 0, 0
		for _, v := range rec {
			if mayBeJunkString(v) {
				b, k := junkCount(v)
				bad, n = bad+b, n+k
			} else {
				n += len(v)
			}
			size += len(v) + 1
		}
		if (bad == 0 || bad*4 < n) && (c.junk.n == 0 || size > maxJunkPiece+1) {
			return false
		}
		line, _ := c.cr.FieldPos(0)
		c.junk.add(line+c.lineOff, size)
		return true
	case isJunk:
		c.junk.add(jl.line, jl.size)
		return true
	}
	return false
}

// headerJunk is err, but for a line of binary data above the header row,
// told on its own: runs are found among rows only.
func (c *csvReader) headerJunk(err error) error {
	jl, ok := err.(*csvJunkLine)
	if c.columns != nil || !ok {
		return err
	}
	return (&junkRun{first: jl.line, last: jl.line, n: 1, size: jl.size}).report(c.name)
}

// csvJunkLine is a line of binary data the csv.Reader gave up on (a stray
// quote among the bytes): part of a run of them, told with it.
type csvJunkLine struct{ line, size int }

func (e *csvJunkLine) Error() string { return "line " + itoa(e.line) + ": binary data" }

func newCSVReader(name string, r io.Reader, delim rune, opts Options) *csvReader {
	max := maxLine(opts)
	// A record may take max bytes, and the csv.Reader reads 4 KiB ahead.
	tape := newCSVTape(loneCRLines{bufio.NewReaderSize(r, 64<<10)}, max+8<<10)
	in := bufio.NewReader(tape)
	return &csvReader{name: name, cr: newCSVParser(in, delim), in: in, tape: tape, loc: opts.Location, max: max, count: -1, order: opts.DateOrder}
}

// loneCRLines reads a bare CR (one not followed by LF) as LF: a piece of a
// classic Mac file (Excel's "CSV (Macintosh)") joined to a LF or CRLF one.
// encoding/csv keeps a bare CR as data, so the rows it ends were read as
// extra cells of the row before them, and lost without a word. CRLF is
// left to encoding/csv; a bare CR inside a quoted cell becomes a LF there.
// Its buffer is large: with bufio's 4 KiB, the reads under encoding/csv's
// own 4 KiB ones cost a tenth of ReadCSV.
type loneCRLines struct{ br *bufio.Reader }

func (c loneCRLines) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	for i := 0; i < n; i++ {
		j := bytes.IndexByte(p[i:n], '\r')
		if j < 0 {
			break
		}
		i += j
		if i+1 < n {
			if p[i+1] != '\n' {
				p[i] = '\n'
			}
		} else if next, perr := c.br.Peek(1); perr != nil || next[0] != '\n' {
			p[i] = '\n' // the last byte read: the next one decides
		}
	}
	return n, err
}

func newCSVParser(r io.Reader, delim rune) *csv.Reader {
	cr := csv.NewReader(r) // reads through r itself when it is a *bufio.Reader
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false // so a quote that never closes is reported, not swallowed
	cr.ReuseRecord = true
	return cr
}

// read returns the next record; for a record the csv.Reader gives up on,
// the report of it, the reading set to go on after its first line.
func (c *csvReader) read() ([]string, error) {
	for {
		rec, err := c.cr.Read()
		if err == nil && c.columns != nil && c.swallowsRows(rec) {
			// A quote cut short that a later line happened to close.
			return nil, c.resync(c.swallowed(rec))
		}
		if err == nil {
			c.tape.consumed(c.cr.InputOffset())
			if len(rec) > 0 && strings.HasPrefix(rec[0], damageMark) {
				line, _ := c.cr.FieldPos(0)
				pe := newParseError(Position{File: c.name, Line: line + c.lineOff, Column: 1}, ErrMalformed,
					strings.Join(rec, string(c.cr.Comma))[len(damageMark):], damageHint)
				if c.columns == nil {
					c.early = append(c.early, pe) // told once the header is found
					continue
				}
				return nil, pe
			}
			return rec, nil
		}
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, c.headerJunk(c.resync(pe))
		}
		if !errors.Is(err, errCSVRowTooLong) {
			return nil, c.csvError(err)
		}
		if report := c.resync(nil); report != nil {
			return nil, c.headerJunk(report)
		}
	}
}

// sniffDelimiter picks the separator the header line uses most.
func sniffDelimiter(header []byte) rune {
	best, bestN := ',', bytes.Count(header, []byte{','})
	for _, d := range []rune{'\t', ';', '|'} {
		if n := bytes.Count(header, []byte(string(d))); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// headerFields maps a header row; ok when it names a method and a path (or
// a combined request column).
func headerFields(cells []string) ([]field, bool) {
	cols, ok := headerFieldsAsIs(cells)
	if !ok {
		// Looker labels each column "<view label> <field label>", the view's
		// label the same on every column: "Stripe Requests Method",
		// "Stripe Requests Path". Without it the field labels may name the
		// columns.
		if bare := withoutSharedLabel(cells); bare != nil {
			if c, ok2 := headerFieldsAsIs(bare); ok2 {
				return c, true
			}
		}
	}
	return cols, ok
}

// withoutSharedLabel is cells without the words they all start with, nil
// when they share none or a cell would be left empty.
func withoutSharedLabel(cells []string) []string {
	if len(cells) < 2 {
		return nil
	}
	first := strings.Fields(strings.TrimPrefix(cells[0], "\ufeff"))
	n := len(first) - 1 // a word of the first cell's own must remain
	for _, c := range cells[1:] {
		words := strings.Fields(c)
		k := 0
		for k < n && k < len(words)-1 && strings.EqualFold(words[k], first[k]) {
			k++
		}
		n = k
	}
	if n <= 0 {
		return nil
	}
	bare := make([]string, len(cells))
	for i, c := range cells {
		bare[i] = strings.Join(strings.Fields(strings.TrimPrefix(c, "\ufeff"))[n:], " ")
	}
	return bare
}

func headerFieldsAsIs(cells []string) ([]field, bool) {
	cols := make([]field, len(cells))
	var method, path, request bool
	other := 0
	context := exportColumns(cells)
	for i, c := range cells {
		name := strings.TrimPrefix(strings.TrimSpace(c), "\ufeff")
		f := lookupField(name)
		if context != nil {
			var b [64]byte
			if cf, ok := context[string(normKey(b[:0], name))]; ok && len(name) <= len(b) {
				f = cf // the export's meaning wins
			}
		}
		cols[i] = f
		method = method || f == fMethod
		path = path || f == fPath
		request = request || f == fRequestLine
		if f == fStatus || f == fID || f == fTime {
			other++
		}
	}
	// Without a method column the path cells may carry it ("Endpoint":
	// "POST /v1/customers", as the Dashboard shows a request); a path with
	// a status, id or time column beside it is still clearly a request table.
	return cols, (method && path) || request || (path && other > 0)
}

func (c *csvReader) Next() (Request, error) {
	for {
		if c.left > 0 {
			c.left--
			return c.cur, nil
		}
		if c.dates.holding() {
			if r, n, err, ok := c.dates.pop(c.redo); ok {
				if err != nil {
					return Request{}, err
				}
				c.cur, c.left = r, n-1
				return r, nil
			}
		}
		var r Request
		n, err := c.next(&r)
		switch {
		case errors.Is(err, errHeld):
			continue
		case errors.Is(err, io.EOF) && c.dates != nil && (c.dates.holding() || c.dates.lost > 0):
			// The input ends with rows still waiting: given up, told once.
			c.dates.giveUp()
			if pe := c.dates.problem(true, 0); pe != nil {
				c.dates.push(heldRow{err: pe})
			}
			c.ended = true
			continue
		case c.dates.holding():
			c.dates.push(heldOf(&r, n, err))
			continue
		}
		if err != nil {
			return Request{}, err
		}
		if n > 1 {
			c.cur, c.left = r, n-1
		}
		return r, nil
	}
}

// heldOf is a row read while others are held: its request, or its error.
func heldOf(r *Request, n int, err error) heldRow {
	if err != nil {
		return heldRow{err: err}
	}
	kept := *r
	return heldRow{r: &kept, n: n}
}

// errHeld is next's word for a row queued behind one held back.
var errHeld = errors.New("row held back for its date order")

// redo reads a held row's cells again, now that its columns' orders are
// known. The row read without error before; only its time changes.
func (c *csvReader) redo(row *heldRow) (Request, int, error) {
	var r Request
	n, _, err := c.row(&r, row.cells, row.line, nil)
	return r, n, err
}

// next reads the next row; n is how many requests it stands for. A row
// whose slashed date waits for its column's order is queued (errHeld).
func (c *csvReader) next(r *Request) (int, error) {
	if c.ended {
		return 0, io.EOF
	}
	if !c.started {
		c.started = true
		rec, err := c.read()
		if err != nil {
			return 0, err
		}
		c.header = append([]string(nil), rec...)
		cols, ok := headerFields(c.header)
		// A title or blank-ish rows may stand above the header.
		for skipped := 0; !ok && skipped < maxPreamble; skipped++ {
			rec, err = c.read()
			if err != nil {
				break
			}
			c.header = append(c.header[:0], rec...)
			cols, ok = headerFields(c.header)
		}
		if !ok {
			return 0, &ParseError{File: c.name, Line: 1, Column: 1,
				Err:  &kindError{ErrWrongFormat, "the header row names no method and path columns"},
				Hint: "name them method/http_method and path/url/endpoint/request_path (found " + strings.Join(c.header, ", ") + ")"}
		}
		c.columns = cols
		c.count = countColumn(c.header, cols)
		c.locs = make([]*time.Location, len(c.header))
		for i, h := range c.header {
			c.locs[i] = headerZone(h)
		}
		c.dates = newDateHold(c.order, c.name, c.header)
	}
	if len(c.early) > 0 {
		err := c.early[0]
		c.early = c.early[1:]
		return 0, err
	}
	for {
		var rec []string
		var err error
		if c.pendSet {
			rec, err, c.pendSet = c.pend, c.pendErr, false
		} else if rec, err = c.read(); (err != nil || c.junk.n > 0) && c.junkRow(rec, err) {
			continue
		} else if c.junk.n > 0 {
			// The row after a run of binary lines: told after the run.
			c.pend, c.pendErr, c.pendSet = rec, err, true
			return 0, c.junk.report(c.name)
		}
		if err != nil {
			return 0, err
		}
		line, _ := c.cr.FieldPos(0)
		line += c.lineOff
		pos := Position{File: c.name, Line: line, Column: 1}
		size := 0
		for _, v := range rec {
			size += len(v) + 1
		}
		if size > c.max {
			if c.junkRow(rec, nil) {
				continue
			}
			return 0, newParseError(pos, ErrLineTooLong, "row longer than "+itoa(c.max)+" bytes",
				"raise --max-line if such rows are real")
		}
		if c.suspectTo >= line {
			if err := c.suspectRow(rec, line); err != nil {
				if c.junkRow(rec, nil) {
					continue
				}
				return 0, err
			}
		}
		*r = Request{}
		n, wait, err := c.row(r, rec, line, &c.scratchWait)
		if c.dates != nil && c.dates.decidedLate {
			// A date decided a column after rows of it were given up:
			// they are told now, before this row.
			c.dates.decidedLate = false
			if pe := c.dates.problem(false, line); pe != nil {
				c.dates.push(heldRow{err: pe})
			}
		}
		if errors.Is(err, errSkipRow) {
			continue
		}
		if err == nil && len(wait) > 0 {
			_, col := c.cr.FieldPos(wait[0])
			held := heldRow{cells: append([]string(nil), rec...), line: line, col: col, wait: c.dates.waitList(wait),
				cell: strings.TrimSpace(rec[wait[0]]), size: heldSize(nil, len(rec), size)}
			if c.dates.gaveUpOn(wait) {
				c.dates.lose(&held) // past the bound: given up as it comes, counted
				continue
			}
			c.dates.push(held)
			return 0, errHeld
		}
		if c.dates.holding() {
			held := heldOf(r, n, err)
			held.size = heldSize(held.r, 0, size)
			c.dates.push(held)
			return 0, errHeld
		}
		return n, err
	}
}

// errSkipRow is row's word for a row that is no request and no error: a
// blank row, the header again, a total row, a call to another host.
var errSkipRow = errors.New("not a request")

// row reads one row's cells into a request; n is how many requests it
// stands for. wait, when not nil, collects the time columns whose slashed
// dates read either way and whose order is not known yet: the request
// then holds a provisional time. Held rows are read again with wait nil.
func (c *csvReader) row(r *Request, rec []string, line int, wait *[]int) (int, []int, error) {
	pos := Position{File: c.name, Line: line, Column: 1}
	if blankRow(rec) || c.repeatedHeader(rec) || c.summaryRow(rec) {
		// Spreadsheets export empty rows as ",,,,"; exports joined
		// with cat repeat their header; a sheet's total row is no
		// request.
		return 0, nil, errSkipRow
	}
	if c.foreignRow(rec) {
		return 0, nil, errSkipRow // a call to another host (a database, another API) in an export of all calls
	}
	replay := wait == nil
	var waits []int
	if !replay {
		waits = (*wait)[:0]
	}
	for i, v := range rec {
		if i >= len(c.columns) || c.columns[i] == fNone {
			continue
		}
		loc := c.loc
		if c.locs[i] != nil {
			loc = c.locs[i]
		}
		var err error
		if c.columns[i] == fTime {
			var waiting bool
			waiting, err = c.setTimeCell(r, i, v, loc, line)
			if waiting && !replay {
				waits = append(waits, i)
			}
		} else {
			err = setField(r, c.columns[i], v, loc)
		}
		if err != nil {
			if !replay && c.junkRow(rec, nil) {
				break
			}
			col := 1
			if !replay {
				_, col = c.cr.FieldPos(i)
			}
			return 0, nil, newParseError(Position{File: c.name, Line: line, Column: col}, ErrMalformed,
				"column "+strings.TrimSpace(c.header[i])+": "+err.Error(), c.cellHint(err))
		}
	}
	if !replay && c.junk.n > 0 {
		return 0, nil, errSkipRow // a row of binary data, found by a cell that does not read
	}
	if err := checkRequest(r); err != nil {
		if !replay && c.junkRow(rec, nil) {
			return 0, nil, errSkipRow
		}
		return 0, nil, newParseError(pos, ErrMalformed, err.Error(), "fill in the method and path of this row")
	}
	if foreignHost(r) {
		return 0, nil, errSkipRow
	}
	r.Pos = pos
	n := 1
	if c.count >= 0 && c.count < len(rec) {
		var err error
		n, err = parseRowCount(rec[c.count])
		if err != nil {
			if !replay && c.junkRow(rec, nil) {
				return 0, nil, errSkipRow
			}
			col := 1
			if !replay {
				_, col = c.cr.FieldPos(c.count)
			}
			return 0, nil, newParseError(Position{File: c.name, Line: line, Column: col}, ErrMalformed,
				"column "+strings.TrimSpace(c.header[c.count])+": "+err.Error(), "fix the cell or remove the row")
		}
		if n == 0 {
			return 0, nil, errSkipRow // a pivot's empty combination: no request
		}
	}
	if !replay {
		*wait = waits
	}
	return n, waits, nil
}

// cellHint is the hint for a cell that does not read.
func (c *csvReader) cellHint(err error) string {
	if errors.Is(err, errMixedOrders) {
		return "fix the cell, or pass --date-order dmy or mdy to say which order the column is in"
	}
	return "fix the cell or remove the row"
}

// setTimeCell reads time column i's cell. A slashed date whose numbers say
// the order decides the column's order (or contradicts it); one that reads
// either way in a column not decided yet is read day-first for now and
// reported as waiting.
func (c *csvReader) setTimeCell(r *Request, i int, v string, loc *time.Location, line int) (waiting bool, err error) {
	o := c.dates.orderOf(i)
	if c.dates.given == DateOrderAuto && mayBeSlashed(strings.TrimSpace(v)) {
		switch kind := cellKind(strings.TrimSpace(v), DateOrderAuto); kind {
		case slashAmbig:
			if o == DateOrderAuto {
				return true, setTime(r, v, loc, DateOrderDMY)
			}
		case slashDMY, slashMDY:
			if err := c.dates.decide(i, kind, strings.TrimSpace(v), line); err != nil {
				return false, err
			}
			o = c.dates.orderOf(i)
		}
	}
	return false, setTime(r, v, loc, o)
}

// countColumn finds the count column of an aggregated table among the
// columns no other field took; -1 when there is none.
// Looker's "Stripe Requests Count" is a Count under the view's label.
func countColumn(header []string, cols []field) int {
	var b [64]byte
	for _, cells := range [][]string{header, withoutSharedLabel(header)} {
		for i, h := range cells {
			if i < len(cols) && cols[i] == fNone && isCountColumn(string(normKey(b[:0], strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")))) {
				return i
			}
		}
	}
	return -1
}

// foreignRow reports whether a host column names a host other than
// Stripe's, before the other cells are read: a database call's "name" in
// Application Insights is no request line, and is not worth a warning.
func (c *csvReader) foreignRow(rec []string) bool {
	for i, f := range c.columns {
		if f == fHost && i < len(rec) {
			var r Request
			_ = setField(&r, fHost, rec[i], nil)
			return foreignHost(&r)
		}
	}
	return false
}

// repeatedHeader reports a row that is the header again (two exports joined
// with cat, or a query tool's result pages).
func (c *csvReader) repeatedHeader(rec []string) bool {
	if len(rec) != len(c.header) {
		return false
	}
	for i, v := range rec {
		if strings.TrimSpace(strings.TrimPrefix(v, "\ufeff")) != strings.TrimSpace(strings.TrimPrefix(c.header[i], "\ufeff")) {
			return false
		}
	}
	return true
}

// summaryLabels start the total row a spreadsheet or BI tool adds under a
// table (Excel's Total Row, a Sheets pivot's Grand Total).
var summaryLabels = []string{"total", "totals", "grand total", "subtotal", "sum", "count", "summary"}

// summaryRow reports a row whose first filled cell is a summary label and
// whose method, path and request cells are otherwise empty: no request.
func (c *csvReader) summaryRow(rec []string) bool {
	label, at := "", -1
	for i, v := range rec {
		if v = strings.TrimSpace(v); v != "" {
			label, at = strings.ToLower(strings.TrimSuffix(v, ":")), i
			break
		}
	}
	known := false
	for _, l := range summaryLabels {
		known = known || label == l
	}
	if !known {
		return false
	}
	for i, f := range c.columns {
		// The label may stand in the first column, the method's in a
		// pivot or Excel's Total Row ("Grand Total", "Total").
		if (f == fMethod || f == fPath || f == fRequestLine) && i != at && i < len(rec) && strings.TrimSpace(rec[i]) != "" {
			return false
		}
	}
	return true
}

// blankRow reports whether every cell of a row is empty.
func blankRow(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// headerZone reads the zone a header names as its unit: "Created (UTC)",
// "Date [GMT]", "Time (Europe/Berlin)". Zone-less cells of that column are
// in that zone, whatever --tz says; nil when the header names none.
func headerZone(header string) *time.Location {
	open := strings.IndexAny(header, "([")
	if open < 0 {
		return nil
	}
	unit := strings.TrimSpace(strings.Trim(header[open:], "()[] "))
	switch strings.ToUpper(unit) {
	case "UTC", "GMT", "Z", "UTC+0", "UTC+00:00":
		return time.UTC
	}
	if strings.Contains(unit, "/") {
		if loc, err := time.LoadLocation(unit); err == nil {
			return loc
		}
	}
	return nil
}

// csvError ends the input at an error of the bytes under the table.
func (c *csvReader) csvError(err error) error {
	// Not the table's fault but the bytes under it: the reader repeats its
	// error on every call, so the input ends here, told once.
	c.ended = true
	return err
}

// exportSchemas are column names that mean a request field only in the
// export they come from, told apart by marker columns that all must be
// there. Application Insights' dependency telemetry (the "dependencies"
// table, or AppDependencies in a workspace) records every outgoing HTTP
// call: Name "POST /v1/customers", Data the full URL with its query,
// Target the host, ResultCode the status; its Id is the telemetry item's,
// not Stripe's request id
// (learn.microsoft.com/azure/azure-monitor/app/data-model-dependency-telemetry).
// Elsewhere a "name" or "data" column is anything.
var exportSchemas = []struct {
	markers []string
	columns map[string]field
}{
	{[]string{"target", "data", "name"}, map[string]field{"data": fPath, "name": fRequestLine, "target": fHost, "id": fNone}},
}

// exportColumns returns the extra column names of the export whose markers
// the header holds, or nil.
func exportColumns(cells []string) map[string]field {
	have := make(map[string]bool, len(cells))
	for _, c := range cells {
		var b [64]byte
		if name := strings.TrimSpace(c); len(name) <= len(b) {
			have[string(normKey(b[:0], name))] = true
		}
	}
	for _, s := range exportSchemas {
		all := true
		for _, m := range s.markers {
			all = all && have[m]
		}
		if all {
			return s.columns
		}
	}
	return nil
}
