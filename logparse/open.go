package logparse

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

const (
	readBufSize   = 64 << 10
	sniffMaxBytes = 1 << 20 // undecided after this much: read it as an SDK/app log
	sniffMaxLines = 2000
)

// sniffResult is what the first record(s) of an input say about it.
type sniffResult struct {
	format Format
	array  bool // json: one array rather than back-to-back objects
	delim  rune // csv
	sure   bool // the content matched the format's own shape
	// headerless: csv without a header row, its cells read by what they
	// hold (headerlessReader).
	headerless bool
	// preamble: tail-text found below more lines of other text than
	// maxPreamble (a terminal session's earlier commands): how many.
	preamble int
}

// compressedMagic names compressed or archive formats rakmigrate does not
// open itself.
var compressedMagic = []struct {
	magic []byte
	name  string
}{
	{[]byte{0x28, 0xb5, 0x2f, 0xfd}, "zstd"},
	{[]byte("BZh"), "bzip2"},
	{[]byte{0xfd, '7', 'z', 'X', 'Z', 0}, "xz"},
	{[]byte("PK\x03\x04"), "zip"},
	{[]byte{0x1f, 0x9d}, "compress (.Z)"},
}

// spreadsheetFile names a spreadsheet saved in its own format, which is a
// zip of XML (Excel's .xlsx: "[Content_Types].xml" and "xl/" entries;
// LibreOffice's .ods: a first entry "mimetype" holding its media type;
// Numbers: "Index/" entries of .iwa files) or, for .xls, an OLE2 compound
// file; "" for anything else. A table someone built is the first thing a
// user hands over, and "decompress it first" would send them the wrong way.
func spreadsheetFile(br *bufio.Reader) string {
	if magic, _ := br.Peek(4); !bytes.Equal(magic, []byte("PK\x03\x04")) && !bytes.Equal(magic, []byte{0xd0, 0xcf, 0x11, 0xe0}) {
		return "" // a text log: nothing more is waited for (a live pipe would stall)
	}
	head, _ := br.Peek(4096)
	switch {
	case bytes.HasPrefix(head, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		return "an Office file in the old binary format (an .xls workbook?)"
	case !bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ""
	case bytes.Contains(head, []byte("[Content_Types].xml")) && bytes.Contains(head, []byte("xl/")):
		return "an Excel workbook (.xlsx)"
	case bytes.Contains(head, []byte("[Content_Types].xml")):
		return "an Office document (an .xlsx workbook?)"
	case bytes.Contains(head, []byte("application/vnd.oasis.opendocument.spreadsheet")):
		return "an OpenDocument spreadsheet (.ods)"
	case bytes.Contains(head, []byte("Index/")) && bytes.Contains(head, []byte(".iwa")):
		return "a Numbers document"
	}
	return ""
}

// Open sniffs the format of r (or uses opts.Format) and returns a Reader over
// it. gzip and zlib input is decompressed and UTF-16 with a byte-order mark
// transcoded, transparently. The records' text carries no control character
// (see cleanRequest). Open reads no more than the first record before
// returning, so it works on a live pipe.
func Open(name string, r io.Reader, opts Options) (Reader, Format, error) {
	live := isLive(r)
	var lv *liveReader
	if live {
		if lv = findLive(r); lv == nil {
			lv = newLiveReader(r)
			r = lv
		}
	}
	br := bufio.NewReaderSize(r, readBufSize)
	direct := true // br reads r's bytes unchanged
	head, _ := br.Peek(2)
	switch {
	case len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b:
		gz, err := newGzipMembers(name, br)
		if err != nil {
			return nil, FormatUnknown, &ParseError{File: name, Err: &kindError{ErrBinary, "bad gzip header: " + err.Error()}, Hint: "the .gz file is damaged"}
		}
		br = bufio.NewReaderSize(gz, readBufSize)
		live, direct = false, false
	case len(head) == 2 && head[0] == 0x78 && (head[1] == 0x01 || head[1] == 0x9c || head[1] == 0xda):
		// zlib: mitmproxy's compressed HAR (.zhar). The second bytes
		// taken are not text, so a log starting with "x" is never one.
		zr, err := zlib.NewReader(br)
		if err != nil {
			return nil, FormatUnknown, &ParseError{File: name, Err: &kindError{ErrBinary, "bad zlib header: " + err.Error()}, Hint: "the compressed file is damaged"}
		}
		br = bufio.NewReaderSize(&unpackReader{r: zr, name: name, what: "zlib"}, readBufSize)
		live, direct = false, false
	default:
		head, _ = br.Peek(6)
		if what := spreadsheetFile(br); what != "" {
			return nil, FormatUnknown, &ParseError{File: name, Err: &kindError{ErrBinary, what},
				Hint: "save the sheet as CSV (Excel: File > Save As > CSV UTF-8; Numbers: File > Export To > CSV; LibreOffice: File > Save As > Text CSV) and pass that file"}
		}
		for _, c := range compressedMagic {
			if bytes.HasPrefix(head, c.magic) {
				return nil, FormatUnknown, &ParseError{File: name, Err: &kindError{ErrBinary, c.name + " compressed data"},
					Hint: "decompress it first (only gzip and zlib are read directly)"}
			}
		}
	}
	if bom, _ := br.Peek(2); len(bom) == 2 && ((bom[0] == 0xff && bom[1] == 0xfe) || (bom[0] == 0xfe && bom[1] == 0xff)) {
		// UTF-16 with its byte-order mark: what Windows PowerShell 5.1 writes
		// for `stripe logs tail > f`, and Excel for "Unicode Text".
		utf16 := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, utf16), readBufSize)
		direct = false
	}
	// UTF-16 that lost its byte-order mark: `cmd /u` output redirected to
	// a file, which never has one, or the second piece of a PowerShell 5.1
	// capture cut with `split`. Not looked for on a live pipe: waiting for
	// 512 bytes there would stall it.
	if enc := utf16NoBOM(br, live); enc != nil {
		br = bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), readBufSize)
		direct = false
	}
	var nuls *lineStartNULs
	if head, _ := br.Peek(1); len(head) == 1 && head[0] == 0 {
		// A log that starts with NUL bytes: logrotate's copytruncate
		// emptied it while the program kept writing at its old offset (it
		// did not open the file with O_APPEND), so the file starts with a
		// hole as long as the old log. A preallocating logger leaves such
		// runs too. They are no record: drop them where a line starts.
		nuls = &lineStartNULs{r: br, atStart: true}
		br = bufio.NewReaderSize(nuls, readBufSize)
		direct = false
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	if !live && onlyCR(br) {
		// Classic Mac line ends: Excel's "CSV (Macintosh)" and old Mac
		// editors end lines with a bare CR. Read otherwise, the whole file
		// would be one line, or one line redrawn over and over.
		br = bufio.NewReaderSize(crLines{br}, readBufSize)
		direct = false
	}

	pre, res, err := sniff(name, br, opts.Format, live)
	if nuls != nil && nuls.dropped > 0 && (errors.Is(err, ErrEmpty) || err == nil && len(bytes.TrimSpace(pre)) == 0) {
		// Only NULs, dropped as a hole's, and line ends: not an empty
		// file but binary data (a preallocated or zeroed file, a disk
		// image, a gzip bomb of zeros).
		return nil, FormatUnknown, &ParseError{File: name, Err: &kindError{ErrBinary, "no text, only NUL bytes (" + itoa64(nuls.dropped) + " read)"},
			Hint: "a file preallocated or zeroed and never written, or not a log: pass a text log"}
	}
	if err != nil {
		return nil, FormatUnknown, err
	}
	format := res.format
	if opts.Format != FormatUnknown {
		if res.sure && !compatible(opts.Format, res) {
			return nil, FormatUnknown, &ParseError{File: name, Line: 1, Column: 1,
				Err:  &kindError{ErrWrongFormat, "this looks like " + string(res.format) + ", not " + string(opts.Format)},
				Hint: "drop --input-format to detect it, or pass --input-format " + string(res.format)}
		}
		format = opts.Format
		if format == FormatCSV && res.delim == 0 {
			res.delim = ','
		}
	}
	rest := io.MultiReader(bytes.NewReader(pre), br)
	lr := newLineReader(name, pre, br, opts.MaxLine)
	lr.direct = direct
	if live {
		lr.live = lv
	}
	switch format {
	case FormatTailText:
		t := newTailTextReader(lr, opts, live)
		t.maxPre = max(maxPreamble, res.preamble)
		return cleanReader{t}, format, nil
	case FormatTailJSON:
		return newJSONStreamReader(lr, opts, FormatTailJSON), format, nil
	case FormatJSON:
		if res.array {
			return cleanReader{newJSONArrayReader(name, rest, opts)}, format, nil
		}
		return newJSONStreamReader(lr, opts, FormatJSON), format, nil
	case FormatHAR:
		return cleanReader{newHARReader(name, rest, opts)}, format, nil
	case FormatCSV:
		if res.headerless {
			return cleanReader{newHeaderlessReader(lr, opts)}, format, nil
		}
		return cleanReader{newCSVReader(name, rest, res.delim, opts)}, format, nil
	case FormatSDK:
		return cleanReader{newSDKReader(lr, opts, live)}, format, nil
	}
	return nil, FormatUnknown, &ParseError{File: name, Err: &kindError{ErrUnknownFormat, string(format)}, Hint: "valid formats are " + formatList()}
}

// compatible says whether a forced format can read what sniffing saw. An
// application log is often JSON lines (zap, Serilog, bunyan): sdk may be
// forced on what sniffed as json. Not on a sure HAR, tail or table: the SDK
// reader would read their URLs as request lines, a browser's Stripe.js calls
// and all, without their times.
func compatible(forced Format, seen sniffResult) bool {
	switch {
	case forced == seen.format:
		return true
	case forced == FormatSDK && seen.format == FormatJSON:
		return true
	case forced == FormatJSON && seen.format == FormatTailJSON:
		return true
	case forced == FormatTailJSON && seen.format == FormatJSON && !seen.array:
		return true
	}
	return false
}

// isLive reports whether r is a pipe or terminal that may deliver more data
// later, rather than a finite file or buffer.
func isLive(r io.Reader) bool {
	switch v := r.(type) {
	case *liveReader, *io.PipeReader:
		return true
	case *os.File:
		st, err := v.Stat()
		return err == nil && !st.Mode().IsRegular()
	case interface{ Unwrap() io.Reader }: // progress counting, and the like
		return isLive(v.Unwrap())
	}
	return false
}

// onlyCR reports whether the start of the input ends its lines with a bare
// CR: it holds a CR and no LF at all.
func onlyCR(br *bufio.Reader) bool {
	head, _ := br.Peek(readBufSize)
	return bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0
}

// crLines reads an input whose lines end with a bare CR as one whose lines
// end with LF.
type crLines struct{ r io.Reader }

func (c crLines) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// unpackReader reads decompressed data and turns a failure into a
// ParseError that names the file.
//
// Damage after some data came out (a block of bad bytes, a bad checksum, a
// cut) ends the input where it is, as a cut does: what was decompressed
// before it is read, and the reader under it says so with the line it
// stopped in (see lineReader.finish). Only a stream damaged before its
// first byte is no log at all.
type unpackReader struct {
	r    io.Reader
	name string
	what string // "gzip", "zlib"
	out  int64  // bytes decompressed so far
}

func (u *unpackReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	u.out += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		err = unpackDamage(u.name, u.what, u.out, err)
	}
	return n, err
}

// unpackDamage is the *ParseError for damage that ends a compressed input,
// out bytes into its decompressed data.
func unpackDamage(name, what string, out int64, err error) error {
	kind, hint := ErrTruncated, "the compressed file is damaged or cut off here: what comes before was read, the rest cannot be"
	if out == 0 && !errors.Is(err, io.ErrUnexpectedEOF) {
		kind, hint = ErrBinary, "the compressed file is damaged"
	}
	// gzip's and flate's errors name their package already.
	msg := err.Error()
	if !strings.HasPrefix(msg, what+": ") {
		msg = what + ": " + msg
	}
	return &ParseError{File: name, Err: &kindError{kind, msg}, Hint: hint}
}

// maxSniffedDamage is how many bytes of binary lines (NULs aside) sniffing
// takes for damage in a text log (a bad sector is 512 or 4096 bytes)
// before it calls the file binary.
const maxSniffedDamage = 8192

// sniff reads lines until the format is clear, and returns every byte it
// consumed so the reader can replay them.
//
// A live stream (a pipe, a terminal) is not looked into past maxPreamble
// lines of plain text for a tail below (maxSessionPreamble): the lines may
// be slow to come, and an application log piped in must show its records
// as they come.
func sniff(name string, br *bufio.Reader, forced Format, live bool) ([]byte, sniffResult, error) {
	lookAhead := maxSessionPreamble
	if live {
		lookAhead = maxPreamble
	}
	var pre []byte
	var res sniffResult
	sawChatter := false
	weak := false // only SDK-looking text so far
	preamble := 0
	var obj []byte // a multi-line JSON object being gathered
	objFramed := false
	var depth depthScanner
	lines := 0
	sawText := false // a line of text was read
	damaged := 0     // bytes of binary lines after it, NULs aside
	for {
		chunk, err := br.ReadSlice('\n')
		partial := errors.Is(err, bufio.ErrBufferFull)
		if err != nil && !partial && !errors.Is(err, io.EOF) {
			if !endsInput(err) || len(bytes.TrimSpace(pre)) == 0 && len(bytes.TrimSpace(chunk)) == 0 {
				return nil, res, err
			}
			// A .gz damaged after its first lines: decide from what came
			// before the damage. The reader meets the damage again and
			// reports it where it is.
			err = io.EOF
		}
		pre = append(pre, chunk...)
		// chunk points into br's buffer, which the next read overwrites:
		// what is decided on later comes from this copy.
		chunk = pre[len(pre)-len(chunk):]
		if len(chunk) > 0 {
			lines++
			if isDamageLine(chunk) {
				// Where a .gz broke and reading went on: no text, no sign
				// of binary data either. The reader reports it.
				if errors.Is(err, io.EOF) {
					break
				}
				continue
			}
			if isBinary(chunk) {
				// After text, a hole (NULs) or a bad sector's bytes is damage
				// in a text log, which its reader reports where it is; a
				// file whose first line, or much of what follows, is binary
				// is no log.
				if damaged += len(chunk) - bytes.Count(chunk, []byte{0}); !sawText || damaged > maxSniffedDamage {
					return nil, res, &ParseError{File: name, Line: lines, Err: &kindError{ErrBinary, "found control bytes or invalid UTF-8"},
						Hint: "pass a text log: tail output, CSV, JSON, HAR or an SDK log (gzip is fine)"}
				}
				if errors.Is(err, io.EOF) {
					break
				}
				continue
			}
			sawText = true
		}
		if partial {
			// One line longer than the buffer: decide from its start.
			start := chunk
			at := len(pre) - len(chunk)
			pre = append(pre, readUntilNewline(br, sniffMaxBytes-len(pre))...)
			r, ok := decideLong(start)
			if ok && r == (sniffResult{format: FormatJSON}) && pre[len(pre)-1] != '\n' && wrapperSoFar(bytes.TrimSpace(pre[at:])) {
				// A one-line wrapper whose first member runs past 1 MiB
				// (searchedLogStreams): no record is that large.
				return pre, wrappedArray, nil
			}
			if ok {
				return pre, r, nil
			}
			return pre, sniffResult{format: FormatSDK}, nil
		}
		line := bytes.TrimSpace(stripANSI(chunk, nil))
		if objFramed && len(line) > 0 {
			// The object opened behind a frame: every line of it has one
			// (a TTY's pretty-printed tail-json under docker logs -t).
			line = bytes.TrimSpace(line[framePrefixLen(line):])
		}
		if obj != nil && !objFramed && cutJSONLine(obj[:bytes.IndexByte(obj, '\n')]) && bytes.HasPrefix(line, []byte(`{"`)) {
			// The object was a JSON log's line cut short (a compact line,
			// not a pretty-printed object's "{" alone), and this line is
			// the next one: the reader reports the cut one; this line
			// decides.
			obj = nil
		}
		if obj != nil {
			// Whether the line opens a key of the top-level object is a
			// question about the depth before the line: `"log": {` itself
			// opens one more.
			top := depth.depth == 1 && !depth.inString
			depth.feed(line)
			obj = append(obj, line...)
			obj = append(obj, '\n')
			if objFramed {
				// Only a stream reader reads through frames: a framed
				// object is tail-json or JSON lines, else an app's log.
				if depth.depth <= 0 {
					return pre, framedObject(classifyObject(obj, false)), nil
				}
			} else if top && len(obj) < 4096 && isHARLogKey(line) {
				return pre, sniffResult{format: FormatHAR, sure: true}, nil
			}
			if top && !objFramed && opensWrappedArray(line) || !objFramed && len(obj) < 512 && isNewmanReport(obj) {
				return pre, wrappedArray, nil
			}
			if depth.depth <= 0 {
				return pre, classifyObject(obj, false), nil
			}
			if len(pre) > sniffMaxBytes || lines > sniffMaxLines {
				// Still inside the first object: no record is this large,
				// a wrapper whose first member (searchedLogStreams,
				// Splunk's fields) comes before its array may be.
				if !objFramed && wrapperSoFar(obj) {
					return pre, wrappedArray, nil
				}
				return pre, sniffResult{format: FormatSDK}, nil
			}
		} else if len(line) > 0 {
			// A CI runner's, container runtime's or journal's frame in front
			// of every line (framePrefixLen): whatever the runner printed before
			// the program's output does not count as a preamble.
			framed := framePrefixLen(line) > 0
			switch r, decided := decideLine(line); {
			case decided && r.format == FormatSDK && framed:
				weak = true
			case weak && preamble >= maxPreamble:
				// Past the few lines a table or a JSON log may have above
				// it, only a tail's request line still changes the answer
				// (maxSessionPreamble).
				if decided && r.format == FormatTailText && r.sure {
					r.preamble = lines - 1
					return pre, r, nil
				}
				preamble++
			case decided && r.format == FormatSDK && preamble < maxPreamble:
				// Plain text: an SDK or application log, or a title or a
				// shell prompt above a table or tail output. Look a few
				// lines further before settling on SDK.
				preamble++
				weak = true
			case decided:
				return pre, r, nil
			case line[0] == '{' && opensHARDocument(line):
				// `{"log":{…` left open: a HAR whose entries follow a line
				// each (written by a script), longer than sniffing reads.
				return pre, sniffResult{format: FormatHAR, sure: true}, nil
			case line[0] == '{' || framed && opensObject(line):
				if framed {
					line = bytes.TrimSpace(line[framePrefixLen(line):])
					objFramed = true
				}
				depth = depthScanner{}
				depth.feed(line)
				obj = append([]byte(nil), line...)
				obj = append(obj, '\n')
			case isTailChatter(line[framePrefixLen(line):]):
				sawChatter = true
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if len(pre) > sniffMaxBytes || lines > sniffMaxLines || (weak && preamble >= lookAhead) {
			return pre, sniffResult{format: FormatSDK}, nil
		}
	}
	switch {
	case weak && (obj == nil || preamble >= maxPreamble):
		return pre, sniffResult{format: FormatSDK}, nil
	case obj != nil && objFramed:
		return pre, framedObject(classifyObject(obj, true)), nil
	case obj != nil:
		// A JSON object that never closed: let the JSON reader report it.
		return pre, classifyObject(obj, true), nil
	case sawChatter:
		return pre, sniffResult{format: FormatTailText, sure: true}, nil
	case len(bytes.TrimSpace(pre)) == 0:
		return nil, res, &ParseError{File: name, Err: ErrEmpty, Hint: "the file holds no data; check the path, or that the export finished"}
	}
	return pre, sniffResult{format: FormatSDK}, nil
}

// framedObject keeps what a framed object was sniffed as when a stream
// reader, which drops the frames, can read it; else it is an SDK log.
func framedObject(r sniffResult) sniffResult {
	if r.format == FormatTailJSON || r.format == FormatJSON && !r.array {
		return r
	}
	return sniffResult{format: FormatSDK}
}

// opensObject reports whether a framed line shows the first line of a
// pretty-printed JSON object.
func opensObject(line []byte) bool {
	shown := bytes.TrimSpace(line[framePrefixLen(line):])
	return len(shown) > 0 && shown[0] == '{'
}

// wrappedArray is how an object that wraps the array of records is read
// (see arrayWrapperKeys): as a JSON array.
var wrappedArray = sniffResult{format: FormatJSON, array: true, sure: true}

// wrapsArray reports whether obj, the start of a JSON object (perhaps cut
// short), holds one of arrayWrapperKeys at its top level with an array for
// its value: `aws logs filter-log-events` output, Splunk's REST results.
func wrapsArray(obj []byte) bool {
	var d depthScanner
	at := 0
	for {
		i := bytes.IndexByte(obj[at:], '"')
		if i < 0 {
			return false
		}
		i += at
		d.feed(obj[at:i])
		if d.depth == 1 && !d.inString && opensWrappedArray(obj[i:]) {
			return true
		}
		d.feed(obj[i : i+1])
		at = i + 1
	}
}

// wrapperSiblingKeys are members that stand beside the array in the
// outputs arrayWrapperKeys come from, ahead of it when the keys are sorted
// (jq -S, Python's sort_keys) or listed first: AWS logs'
// searchedLogStreams and nextToken, Splunk's preview, init_offset,
// messages, fields and highlighted.
var wrapperSiblingKeys = []string{"searchedLogStreams", "nextToken", "nextForwardToken", "nextBackwardToken", "preview", "init_offset", "messages", "fields", "highlighted"}

// wrapperSoFar reports whether obj, the start of a pretty-printed object
// that sniffing's limits cut short, is a wrapper's so far: it has a member
// of wrapperSiblingKeys at its top level, or its only member so far is a
// container still open. A record, or an application's log line, opens
// with scalar members (its time, level, method); only a wrapper's first
// member runs past a megabyte or 2000 lines. The array reader walks the
// members a token at a time to the array (wrappedArray), memory flat, and
// says so when there is none.
func wrapperSoFar(obj []byte) bool {
	keys, open := topKeys(obj)
	for _, k := range keys {
		if slices.Contains(wrapperSiblingKeys, k) {
			return true
		}
	}
	return open && len(keys) == 1 && !recordKey(keys[0])
}

// recordKey reports a key that a request record itself holds: a field
// (fields.go), or the object that nests a request's or response's fields.
func recordKey(k string) bool {
	switch lookupNested(k) {
	case "request", "response", "httprequest", "http":
		return true
	}
	return lookupField(k) != fNone
}

// topKeys lists the keys of the top-level object obj begins, as far as obj
// goes, and whether its last member's value is an array or object still
// open where obj ends.
func topKeys(obj []byte) (keys []string, open bool) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	depth, wantKey := 1, true
	for {
		t, err := dec.Token()
		if err != nil {
			return keys, depth > 1
		}
		switch v := t.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				depth++
			default:
				if depth--; depth == 0 {
					return keys, false
				}
				wantKey = wantKey || depth == 1
			}
		case string:
			if depth == 1 && wantKey {
				keys = append(keys, v)
				wantKey = false
			} else if depth == 1 {
				wantKey = true
			}
		default:
			if depth == 1 {
				wantKey = true
			}
		}
	}
}

// opensWrappedArray reports whether b starts with one of arrayWrapperKeys
// and an array for its value: `"events": [`.
func opensWrappedArray(b []byte) bool {
	for _, k := range arrayWrapperKeys {
		rest, ok := bytes.CutPrefix(b, []byte(`"`+k+`"`))
		if !ok {
			continue
		}
		rest = bytes.TrimLeft(rest, " \t\r\n\f")
		if len(rest) == 0 || rest[0] != ':' {
			return false
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n\f")
		return len(rest) > 0 && rest[0] == '['
	}
	return false
}

// isHARLogKey reports whether line opens a HAR file's top-level "log" key.
func isHARLogKey(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte(`"log"`))
	rest = bytes.TrimLeft(rest, " \t\r\n\f") // what \s is in a regexp
	return ok && len(rest) > 0 && rest[0] == ':'
}

// opensHARDocument reports whether line starts a HAR document and leaves it
// open: `{"log": {` first, the object not closed on the line. A Docker
// json-file line also starts with "log", but its value is a string.
func opensHARDocument(line []byte) bool {
	rest := bytes.TrimLeft(line[1:], " \t\r\n\f")
	if !isHARLogKey(rest) {
		return false
	}
	_, value, _ := bytes.Cut(rest, []byte(":"))
	if value = bytes.TrimLeft(value, " \t\r\n\f"); len(value) == 0 || value[0] != '{' {
		return false
	}
	var d depthScanner
	d.feed(line)
	return d.depth > 0
}

// maxPreamble is how many lines of plain text may stand above a table
// header or tail output (a title, the command that was run).
const maxPreamble = 5

// maxSessionPreamble is how many lines of other output may stand above a
// tail in a terminal session's capture (`script`, a transcript: the
// commands run before `stripe logs tail`, an ls, a login). Past maxPreamble
// sniffing looks only for a tail's request line (sure tail-text) before it
// settles on an SDK or application log; the tail reader then passes over
// that many lines.
const maxSessionPreamble = 200

func readUntilNewline(br *bufio.Reader, limit int) []byte {
	var out []byte
	for limit > 0 {
		chunk, err := br.ReadSlice('\n')
		out = append(out, chunk...)
		limit -= len(chunk)
		if !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
	}
	return out
}

// isBinary spots data that is not text: NUL bytes, other control bytes, or
// a lot of invalid UTF-8 (a few bad bytes in a text log are tolerated).
func isBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	bad := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1b && c != 0x07 && c != '\f' {
			if c == 0 {
				return true
			}
			bad++
			i++
			continue
		}
		if c < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		i += size
	}
	return bad > 4 && bad*20 > len(b)
}

// decideLine classifies the first meaningful line; decided is false when the
// line alone cannot tell (a pretty-printed object, CLI chatter).
func decideLine(line []byte) (sniffResult, bool) {
	switch line[0] {
	case '[':
		rest := bytes.TrimSpace(line[1:])
		if len(rest) == 0 || rest[0] == '{' || rest[0] == ']' || rest[0] == '[' && bytes.HasPrefix(bytes.TrimSpace(rest[1:]), []byte("{")) {
			// [[{…: lists of spans, a list per trace (jsonnested.go).
			return sniffResult{format: FormatJSON, array: true, sure: true}, true
		}
	case '{':
		var d depthScanner
		d.feed(line)
		if d.depth <= 0 {
			return classifyObject(line, false), true
		}
		return sniffResult{}, false
	}
	if n := framePrefixLen(line); n > 0 {
		// Framed by a CI runner or container runtime: only a tail's lines
		// are read through the frame (see tailWordsFramed).
		switch shown := line[n:]; {
		case isTailLine(shown):
			return sniffResult{format: FormatTailText, sure: true}, true
		case isTailChatter(shown):
			return sniffResult{}, false
		case len(shown) > 0 && shown[0] == '{':
			// `stripe logs tail --format JSON` or JSON lines of requests;
			// an application's JSON log stays an SDK log.
			r, ok := decideLine(shown)
			if ok && (r.format == FormatTailJSON || r.format == FormatJSON && !r.array) {
				return r, true
			}
			if !ok {
				return sniffResult{}, false // a pretty-printed object: sniff gathers it
			}
		}
		return sniffResult{format: FormatSDK}, true
	}
	if isTailLine(line) || columnSpaced(line) && isTailLine(collapseSpaces(line)) {
		return sniffResult{format: FormatTailText, sure: true}, true
	}
	if isTailChatter(line) || columnSpaced(line) && isTailChatter(collapseSpaces(line)) {
		return sniffResult{}, false
	}
	if bytes.HasPrefix(line, []byte("sep=")) && len(line) <= 5 {
		return sniffResult{}, false
	}
	delim := sniffDelimiter(line)
	if bytes.ContainsRune(line, delim) {
		cells := strings.Split(string(line), string(delim))
		for i := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(cells[i]), `"`)
		}
		if _, ok := headerFields(cells); ok {
			return sniffResult{format: FormatCSV, delim: delim, sure: true}, true
		}
	}
	if isHeaderlessRow(line) {
		return sniffResult{format: FormatCSV, headerless: true, sure: true}, true
	}
	return sniffResult{format: FormatSDK}, true
}

// isTailLine reports whether line starts like a tail-text request line.
func isTailLine(line []byte) bool {
	return len(line) >= 25 && looksLikeTimestamp(line) && isTailStatus(line[19:])
}

// isTailStatus reports whether b starts like the status of a tail-text
// line, " [200] ": a bracket alone is not enough, application logs write
// "2026-03-04 10:15:02 [INFO] …" (Python's logging, among others).
func isTailStatus(b []byte) bool {
	return len(b) >= 6 && b[0] == ' ' && b[1] == '[' && b[2] >= '1' && b[2] <= '5' &&
		b[3] >= '0' && b[3] <= '9' && b[4] >= '0' && b[4] <= '9' && b[5] == ']'
}

// decideLong classifies an input whose first line does not fit the buffer.
func decideLong(start []byte) (sniffResult, bool) {
	t := bytes.TrimSpace(start)
	switch {
	case len(t) == 0:
		return sniffResult{}, false
	case t[0] == '[':
		return sniffResult{format: FormatJSON, array: true, sure: true}, true
	case t[0] == '{' && bytes.Contains(t[:min(len(t), 64)], []byte(`"log"`)):
		return sniffResult{format: FormatHAR, sure: true}, true
	case t[0] == '{' && (wrapsArray(t) || isNewmanReport(t)):
		return wrappedArray, true
	case t[0] == '{':
		return sniffResult{format: FormatJSON}, true
	}
	return sniffResult{format: FormatSDK}, true
}

// tailKeys are the fields of a `stripe logs tail` JSON event.
var tailKeys = []string{"method", "url", "status"}

// classifyObject decides from a first complete object: a HAR document, a
// tail event, a request object, or an application's structured log line.
func classifyObject(obj []byte, truncated bool) sniffResult {
	if isNewmanReport(obj) {
		return wrappedArray
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(obj, &m); err != nil {
		if wrapsArray(obj) {
			return wrappedArray
		}
		if bytes.Contains(obj[:min(len(obj), 256)], []byte(`"log"`)) {
			return sniffResult{format: FormatHAR}
		}
		return sniffResult{format: FormatJSON}
	}
	if isPostmanCollection(m) {
		// Requests someone wrote down, each with its method and URL: on
		// one line (jq -c, Postman's API) the SDK reader would take them
		// for requests made. The JSON reader finds none and says what
		// the file is.
		return sniffResult{format: FormatJSON}
	}
	if v, ok := m["log"]; ok {
		if t := bytes.TrimSpace(v); len(t) > 0 && t[0] == '{' {
			return sniffResult{format: FormatHAR, sure: true}
		}
		// {"log":"…","stream":"stderr","time":…}: a Docker json-file log
		// line, whose text is an application's log.
		return sniffResult{format: FormatSDK}
	}
	if _, ok := m["request_start_time"]; ok {
		// stripe-node's request and response events, as applications log
		// them (JSON.stringify): the SDK reader pairs the two.
		return sniffResult{format: FormatSDK}
	}
	tail := true
	for _, k := range tailKeys {
		if _, ok := m[k]; !ok {
			tail = false
		}
	}
	_, hasCreated := m["created_at"]
	_, hasID := m["request_id"]
	if tail && (hasCreated || hasID) {
		return sniffResult{format: FormatTailJSON, sure: true}
	}
	// Serilog's compact JSON (CLEF) names its message template "@mt" and
	// leaves the level out at Information: its HttpClient lines carry the
	// method and URL as properties, but the status and a 403 come on later
	// lines that only the SDK reader pairs with them.
	for _, k := range []string{"level", "msg", "severity", "levelname", "logger", "@mt", "@m"} {
		if _, ok := m[k]; ok {
			// A structured application log: SDK and 403 lines inside it.
			return sniffResult{format: FormatSDK}
		}
	}
	if wrapsArray(obj) {
		return wrappedArray
	}
	var method, path bool
	for k, v := range m {
		switch lookupNested(k) {
		case "request", "response":
			var sub map[string]json.RawMessage
			if json.Unmarshal(v, &sub) == nil {
				for sk := range sub {
					method = method || lookupField(sk) == fMethod
					path = path || lookupField(sk) == fPath
				}
			}
		}
		method = method || lookupField(k) == fMethod
		path = path || lookupField(k) == fPath
	}
	if method && path || otlpNamesRequest(m["attributes"]) {
		return sniffResult{format: FormatJSON, sure: true}
	}
	// Structured application logs: read line by line for SDK and 403 lines.
	return sniffResult{format: FormatSDK}
}

// otlpNamesRequest reports an OTLP JSON span's attribute list that names a
// method and a URL or path (see otlpAttributes): spans one per line.
func otlpNamesRequest(attrs json.RawMessage) bool {
	if t := bytes.TrimSpace(attrs); len(t) == 0 || t[0] != '[' {
		return false
	}
	var list []struct {
		Key string `json:"key"`
	}
	if json.Unmarshal(attrs, &list) != nil {
		return false
	}
	var method, path bool
	for _, a := range list {
		method = method || lookupField(a.Key) == fMethod
		path = path || lookupField(a.Key) == fPath
	}
	return method && path
}

// utf16NoBOM recognises UTF-16 text without a byte-order mark by its
// start: ASCII text (every log's opening is) has a NUL in every other byte,
// the odd ones little-endian, the even ones big-endian. Nil when the start
// is not that.
func utf16NoBOM(br *bufio.Reader, live bool) encoding.Encoding {
	if live {
		return nil
	}
	head, _ := br.Peek(512)
	head = head[:len(head)&^1]
	if len(head) < 16 {
		return nil
	}
	var zero [2]int
	for i, b := range head {
		if b == 0 {
			zero[i&1]++
		}
	}
	pairs := len(head) / 2
	switch {
	case zero[1] == pairs && zero[0] == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case zero[0] == pairs && zero[1] == 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// lineStartNULs drops the NUL bytes found where a line starts (see Open).
// A NUL inside a line is kept, for the binary check to see.
type lineStartNULs struct {
	r       io.Reader
	atStart bool
	dropped int64 // NULs dropped so far
}

func (z *lineStartNULs) Read(p []byte) (int, error) {
	for {
		n, err := z.r.Read(p)
		out := 0
		for _, b := range p[:n] {
			if b == 0 && z.atStart {
				z.dropped++
				continue
			}
			z.atStart = b == '\n'
			p[out] = b
			out++
		}
		if out > 0 || err != nil || n == 0 {
			return out, err
		}
	}
}

// gzipMembers reads a .gz member by member (a .gz may hold several: `cat
// a.gz b.gz`, a log appended to by gzip >>, pigz's blocks) and reads on
// after a damaged member instead of stopping there:
//
//   - A member cut short and followed by a whole one (`cat cut.gz
//     whole.gz`: a rotated log whose copy was cut, then the next log).
//     Inflated on, the next member's bytes read as the rest of the cut
//     stream: garbage lines, back-references copying old text into new
//     lines, a bad checksum at last, and the next member lost. So each
//     member's decoder is fenced where another member may start
//     (memberInput): it meets the end of its input there when a member
//     decodes from that place, and stops with exactly what the cut stream
//     held. A cut adds nothing to the text before it: that is read.
//   - Damage inside a member (a bad sector, bytes flipped in a copy). A
//     deflate stream does not stop there: its Huffman codes fall back into
//     step within a few symbols, but every back-reference after the damage
//     copies from text shifted by the bytes the damage lost or added, so
//     the decoder goes on making text out of pieces of the log, to the
//     member's end, where the checksum fails (now and then sooner, on a
//     code no encoder writes: "corrupt input"). Measured on a 6 MB
//     tail-json member with 8 bytes flipped at random places: 12 of 12
//     decoded on to the end, every line after the damage wrong, about one
//     in seven of them still a well-formed request with a spliced path.
//     Where the damage is cannot be told from the text (it looks like the
//     log's own), so a member's text is held back (gzipHoldBack, the last
//     8 MiB of whole lines) until the member ends whole; when it fails,
//     the lines held are left out, counted in the one report: the lines
//     the damage made, and those between the damage and the window's
//     start, which cannot be told from them. A member longer than the
//     window hands its earlier lines on as they come: the report says that
//     they may hold such lines too. The bytes up to the next member that
//     decodes are skipped. The decoder may also run out of data before the
//     member's end, having read its trailer as data: the member's last 4
//     bytes then hold its whole text's length, about as much as was
//     decoded (sizeBefore, near), where a cut's last bytes are random.
//     When the damage made the rest of the data read as a block stored as
//     it is, far less is decoded than the trailer says: that cannot be
//     told from a cut, and is read as one (its lines reported one by one).
//
// Either way the line the damage cut is dropped (each member's output
// after its last line end is held until the line is whole), and a damage
// line (damageMark) takes its place, which the line reader reports there as
// one malformed record. The mark travels in the text, so Scan and
// ScanWorkers, which cut the text into chunks, place it alike. Damage with
// no member after it ends the input (unpackDamage), as it always did.
type gzipMembers struct {
	name     string
	in       *memberInput
	zr       *gzip.Reader
	ready    []byte      // to hand out before decoding more
	readyBuf []byte      // ready's buffer, spare once ready is out
	queue    []textPiece // the member's whole lines held back (gzipHoldBack)
	queued   int         // bytes in queue
	flush    bool        // hand the queue out whole: the member ended or broke
	spare    [][]byte    // buffers to decode into or join in
	held     []byte      // the member's output after its last line end
	midLine  bool        // part of the line being held was queued (a line over maxHeldLine)
	outMid   bool        // midLine as of the last piece handed out
	out      int64       // bytes decompressed so far
	member   int64       // bytes the current member decompressed to so far
	handed   int64       // bytes of the current member's text handed out (queued no more)
	seq      int         // the current member's number
	memberAt int64       // where the current member starts in the .gz
	between  bool        // a member ended whole: the next starts where the input is
	err      error       // the end of the output: io.EOF or damage with no member after it
}

// textPiece is a piece of a member's text held back, and the buffer it
// lies in (nil when it is not a spare one).
type textPiece struct {
	text, buf []byte
	mid       bool // it ends inside a line (midLine)
	seq       int  // the member whose text it is
}

// gzipHoldBack is how much of a member's text is held back until the
// member ends whole (see gzipMembers): damage shows only at a member's
// end, and a member of a rotated log is rarely larger. A variable so that
// tests can make it small.
var gzipHoldBack = 8 << 20

// maxHeldLine bounds the part of a line held back: a longer one is handed
// out as it comes (a JSON array or HAR on one line), and damage inside it
// is reported on a line of its own.
const maxHeldLine = 256 << 10

func newGzipMembers(name string, r io.Reader) (*gzipMembers, error) {
	in := &memberInput{r: r, buf: make([]byte, 0, memberBufSize)}
	g := &gzipMembers{name: name, in: in, zr: new(gzip.Reader)}
	if err := g.zr.Reset(in); err != nil {
		// The first member broke in its header: a member after it makes the
		// .gz a log that lost its start.
		if g.damaged(err); g.err != nil {
			return nil, err
		}
	}
	g.zr.Multistream(false)
	return g, nil
}

func (g *gzipMembers) Read(p []byte) (int, error) {
	for {
		if len(g.ready) > 0 {
			n := copy(p, g.ready)
			g.ready = g.ready[n:]
			if len(g.ready) == 0 && g.readyBuf != nil {
				g.spare = append(g.spare, g.readyBuf[:0])
				g.readyBuf = nil
			}
			return n, nil
		}
		if len(g.queue) > 0 && (g.flush || g.queued-len(g.queue[0].text) >= gzipHoldBack) {
			pc := g.queue[0]
			g.queue[0] = textPiece{}
			g.queue = g.queue[1:]
			g.queued -= len(pc.text)
			if pc.seq == g.seq && pc.buf != nil { // its text, not a damage line
				g.handed += int64(len(pc.text))
			}
			g.ready, g.readyBuf, g.outMid = pc.text, pc.buf, pc.mid
			continue
		}
		g.flush = false
		if g.err != nil {
			g.releaseSpare()
			return 0, g.err
		}
		if g.between {
			g.between = false
			g.nextMember()
			continue
		}
		// Decoded after the line held, in one buffer: a piece needs no
		// joining (nor a buffer of its own).
		h := len(g.held)
		dec := append(g.take(h+readBufSize), g.held...)[:h+readBufSize]
		g.held = g.held[:0]
		n, err := h, error(nil)
		for n < len(dec) && err == nil { // a full buffer: fewer pieces to hold
			var k int
			k, err = g.zr.Read(dec[n:])
			n += k
		}
		g.out += int64(n - h)
		g.member += int64(n - h)
		switch {
		case err == nil:
			g.emitLines(dec[:n])
		case errors.Is(err, io.EOF):
			// The member ended whole, its checksum right: its last line goes
			// out as it is, line end or not (zcat joins it to the next
			// member's first line as well), and all it held with it.
			g.midLine = false
			g.push(dec[:n], dec)
			g.flush, g.between = true, true
		default:
			g.emitLines(dec[:n]) // the whole lines before the damage
			g.damaged(err)
		}
	}
}

// take is a buffer with room for n bytes, a spare one when one is large
// enough. A new one has room for a line held too.
func (g *gzipMembers) take(n int) []byte {
	if k := len(g.spare); k > 0 && cap(g.spare[k-1]) >= n {
		b := g.spare[k-1]
		g.spare = g.spare[:k-1]
		return b[:0]
	}
	if n <= gzipTextBufSize {
		if b, ok := gzipTextBufs.Get().(*[]byte); ok {
			return (*b)[:0]
		}
	}
	return make([]byte, 0, max(n, gzipTextBufSize))
}

// gzipTextBufs keeps the buffers of a .gz's text held back from one input
// to the next (and from one run of a benchmark to the next): each is fresh
// memory to fault in, the hold-back's only cost on a healthy .gz.
var gzipTextBufs sync.Pool

// gzipTextBufSize is a decoding buffer's size, with room for a line held.
const gzipTextBufSize = readBufSize + 4<<10

// releaseSpare gives the spare buffers back to gzipTextBufs at the end of
// the text: nothing points into them any more.
func (g *gzipMembers) releaseSpare() {
	for i, b := range g.spare {
		if cap(b) == gzipTextBufSize {
			gzipTextBufs.Put(&b)
		}
		g.spare[i] = nil
	}
	g.spare = g.spare[:0]
}

func (g *gzipMembers) recycle(b []byte) { g.spare = append(g.spare, b[:0]) }

// push queues text, which lies in buf.
func (g *gzipMembers) push(text, buf []byte) {
	if len(text) == 0 {
		if buf != nil {
			g.recycle(buf)
		}
		return
	}
	g.queue = append(g.queue, textPiece{text: text, buf: buf, mid: g.midLine, seq: g.seq})
	g.queued += len(text)
}

// emitLines queues the whole lines of data, which starts where a line
// starts and lies in a buffer of its own, and holds what follows its last
// line end; a line over maxHeldLine is queued as it is.
func (g *gzipMembers) emitLines(data []byte) {
	i := bytes.LastIndexByte(data, '\n')
	switch {
	case i >= 0:
		g.held, g.midLine = append(g.held[:0], data[i+1:]...), false
		g.push(data[:i+1], data) // the buffer is not decoded into again before the piece is out
	case len(data) > maxHeldLine:
		g.midLine = true
		g.push(data, data)
	default:
		g.held = append(g.held[:0], data...)
		g.recycle(data)
	}
}

// nextMember starts the member after one that ended whole, or ends the
// output where the input ends.
func (g *gzipMembers) nextMember() {
	if g.in.atEnd() {
		g.err = io.EOF
		if err := g.in.rerr; err != nil && !errors.Is(err, io.EOF) {
			g.err = err
		}
		return
	}
	g.in.startMember()
	g.member, g.handed, g.memberAt = 0, 0, g.in.offset()
	g.seq++
	if err := g.zr.Reset(g.in); err != nil {
		g.damaged(err) // bytes that are no member: trailing garbage, or a member whose header broke
	}
}

// damaged drops the line that err cut and reads on at the next member, with
// a damage line in the text where the data broke; with no member after the
// damage, the output ends there.
func (g *gzipMembers) damaged(err error) {
	g.held = g.held[:0]
	cut := g.in.fence // the decoder met the next member: its own data stops short
	from := g.in.offset()
	lost := ""
	switch {
	case cut || errors.Is(err, io.ErrUnexpectedEOF):
		// Cut short, or damaged so that the decoder read past the member's
		// end: its trailer's length tells, as a cut's random last bytes do
		// not.
		if size, ok := g.in.sizeBefore(); ok && g.member > 0 && near(size, uint32(g.member), 64<<10) {
			lost = g.dropQueue(" at byte " + itoa64(from) + " of the .gz: the data of the member that starts at byte " + itoa64(g.memberAt) +
				" runs out before its end, yet its last bytes hold a whole member's length (" + itoa64(int64(size)) + " bytes; " + itoa64(g.member) +
				" decoded): the member was damaged somewhere, not cut, and a damaged deflate stream decodes on into wrong text that looks like the log's own")
			cut = false
		}
	case errors.Is(err, gzip.ErrChecksum):
		lost = g.dropQueue(" at byte " + itoa64(from) + " of the .gz, the end of the member that starts at byte " + itoa64(g.memberAt) +
			": the member was damaged somewhere before, and a damaged deflate stream decodes on into wrong text that looks like the log's own, which only this check at its end tells")
	case isCorruptInput(err):
		lost = g.dropQueue(" at byte " + itoa64(from) + " of the .gz, in the member that starts at byte " + itoa64(g.memberAt) +
			": the rest of the member cannot be decompressed, and a damaged deflate stream may decode into wrong text for a while before it fails")
	}
	g.flush = true
	if !g.in.resync() {
		g.err = unpackDamage(g.name, "gzip", g.out, err)
		if lost != "" {
			g.err = &ParseError{File: g.name, Err: &kindError{ErrTruncated, "gzip: " + strings.TrimPrefix(err.Error(), "gzip: ") + lost},
				Hint: "copy or fetch the .gz again: the text of a damaged member cannot be trusted"}
		}
		return
	}
	at := g.in.offset()
	var detail string
	switch {
	case cut:
		detail = "gzip: the data stops short here (a member cut off): its last line is lost; reading goes on at the next member (byte " + itoa64(at) + " of the .gz)"
	case lost != "":
		skipped := ""
		if at > from {
			skipped = " (" + itoa64(at-from) + " bytes skipped)"
		}
		detail = "gzip: " + strings.TrimPrefix(err.Error(), "gzip: ") + lost + "; reading goes on at the next member (byte " + itoa64(at) + " of the .gz" + skipped + ")"
	default:
		msg := strings.TrimPrefix(err.Error(), "gzip: ")
		detail = "gzip: " + msg + lost + ": the data is damaged here: what it held up to the next member is lost (" + itoa64(at-from) + " bytes skipped); reading goes on at the next member (byte " + itoa64(at) + " of the .gz)"
	}
	if g.midLine {
		g.push([]byte{'\n'}, nil)
	}
	g.midLine = false
	line := damageLine(detail)
	g.push(line, nil)
	g.in.startMember()
	g.member, g.handed, g.memberAt = 0, 0, g.in.offset()
	g.seq++
	if err := g.zr.Reset(g.in); err != nil {
		// resync decoded a member from here: this does not happen.
		g.err = unpackDamage(g.name, "gzip", g.out, err)
	}
}

// isCorruptInput reports the decoder meeting a code no encoder writes.
func isCorruptInput(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.As(err, &corrupt)
}

// near reports whether a and b, sizes modulo 2^32 as gzip keeps them, are
// at most d apart. A damaged member's text is about as long as the whole
// one's: its codes fall back into step, and only what the damage hit is
// longer or shorter. The last 4 bytes of a member cut short are random:
// they are so near what was decoded once in 2^32/(2d) cuts (1 in 32,768
// for 64 KiB), and then a cut's last lines held back are left out and
// said so, nothing read wrong.
func near(a, b, d uint32) bool { return a-b <= d || b-a <= d }

// dropQueue leaves out the member's text held back, at damage that what
// describes, and says what was left out.
func (g *gzipMembers) dropQueue(what string) string {
	lines := 0
	for i, pc := range g.queue {
		lines += bytes.Count(pc.text, []byte{'\n'})
		if pc.buf != nil {
			g.recycle(pc.buf)
		}
		g.queue[i] = textPiece{}
	}
	size := g.queued
	g.queue, g.queued = g.queue[:0], 0
	g.midLine = g.outMid
	switch {
	case size == 0:
		return what
	case g.handed == 0:
		return what + "; so all " + itoa(lines) + " lines it held (" + itoa(size) + " bytes) are left out"
	}
	return what + "; so its last " + itoa(lines) + " lines (" + itoa(size) + " bytes) are left out, and the lines read from it before them may hold such text too"
}

// memberInput is the compressed input as a member's decoder reads it: it
// ends (io.EOF) where another member starts, a place holding gzip's magic
// bytes from which a member decodes (memberProbe.starts). A whole member never
// asks for a byte past its own end, so the fence costs it no more than
// looking for the magic bytes; a cut one stops where it was cut.
type memberInput struct {
	r      io.Reader
	buf    []byte
	i      int     // the next byte to hand out
	safe   int     // buf[i:safe] holds no place a member may start
	base   int64   // the file offset of buf[0]
	passed int64   // the offset last judged: a member's own start, or no member
	fence  bool    // the decoder is at another member's start
	rerr   error   // r's error, met after buf
	prev   [8]byte // the input's bytes just before buf[0] (prevN of them)
	prevN  int
	probe  *memberProbe // made at the first possible member start
}

const (
	memberBufSize = 256 << 10
	// memberLook is how many bytes of a possible member's start are held
	// for memberProbe.starts to decode.
	memberLook = 64 << 10
)

var gzipMagic = []byte{0x1f, 0x8b, 0x08}

func (m *memberInput) ReadByte() (byte, error) {
	if m.i >= m.safe {
		if err := m.more(); err != nil {
			return 0, err
		}
	}
	b := m.buf[m.i]
	m.i++
	return b, nil
}

func (m *memberInput) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if m.i >= m.safe {
		if err := m.more(); err != nil {
			return 0, err
		}
	}
	n := copy(p, m.buf[m.i:m.safe])
	m.i += n
	return n, nil
}

func (m *memberInput) offset() int64 { return m.base + int64(m.i) }

// more moves safe past i, or says why it cannot: the decoder is at another
// member (io.EOF), or the input ended or failed.
func (m *memberInput) more() error {
	for {
		if m.fence {
			return io.EOF
		}
		if m.i < m.safe {
			return nil
		}
		from := m.i
		if m.base+int64(from) == m.passed {
			from++
		}
		j := -1
		if from < len(m.buf) {
			j = bytes.Index(m.buf[from:], gzipMagic)
		}
		switch {
		case j >= 0 && from+j > m.i:
			m.safe = from + j
			return nil
		case j == 0:
			if len(m.buf)-m.i < memberLook && m.rerr == nil {
				m.fill()
				continue
			}
			m.passed = m.offset()
			if m.probe == nil {
				m.probe = new(memberProbe)
			}
			m.fence = m.probe.starts(m.buf[m.i:])
		default:
			end := len(m.buf) - (len(gzipMagic) - 1) // the magic may be split by a read
			if m.rerr != nil {
				end = len(m.buf)
			}
			if end > m.i {
				m.safe = end
				return nil
			}
			if m.rerr != nil {
				return m.rerr
			}
			m.fill()
		}
	}
}

// fill reads more of the input after what is not handed out yet.
func (m *memberInput) fill() {
	if m.i > 0 {
		m.notePrev(m.buf[:m.i])
		n := copy(m.buf, m.buf[m.i:])
		m.base += int64(m.i)
		m.safe = max(0, m.safe-m.i)
		m.buf, m.i = m.buf[:n], 0
	}
	n, err := m.r.Read(m.buf[len(m.buf):cap(m.buf)])
	m.buf = m.buf[:len(m.buf)+n]
	if err != nil {
		m.rerr = err
	}
}

// notePrev keeps the 8 bytes before buf[0] as b, the bytes just before
// buf[0] so far, is dropped from the buffer.
func (m *memberInput) notePrev(b []byte) {
	if len(b) >= len(m.prev) {
		m.prevN = copy(m.prev[:], b[len(b)-len(m.prev):])
		return
	}
	keep := min(m.prevN, len(m.prev)-len(b))
	copy(m.prev[:], m.prev[m.prevN-keep:m.prevN])
	m.prevN = keep + copy(m.prev[keep:], b)
}

// sizeBefore is the length of a whole member's text that the 4 bytes
// before the decoder's place hold, if they were a member's last (gzip's
// ISIZE): where the input ended, or another member starts.
func (m *memberInput) sizeBefore() (uint32, bool) {
	var b [8]byte
	n := 0
	if m.i >= len(b) {
		n = copy(b[:], m.buf[m.i-len(b):m.i])
	} else {
		k := min(m.prevN, len(b)-m.i)
		n = copy(b[:], m.prev[m.prevN-k:m.prevN])
		n += copy(b[n:], m.buf[:m.i])
	}
	if n < len(b) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b[4:]), true
}

// atEnd reports whether the input holds no more bytes.
func (m *memberInput) atEnd() bool {
	for m.i == len(m.buf) && m.rerr == nil {
		m.fill()
	}
	return m.i == len(m.buf)
}

// startMember has the decoder read a member from here.
func (m *memberInput) startMember() {
	m.fence, m.passed, m.safe = false, m.offset(), m.i
}

// resync skips to the next place a member starts, and reports whether
// there is one.
func (m *memberInput) resync() bool {
	for {
		if err := m.more(); err != nil {
			return m.fence
		}
		m.i = m.safe
	}
}

// memberProbe decodes what may be the start of a gzip member. A
// memberInput keeps one: a gzip reader's state is tens of KB to make, and a
// log gzipped a line at a time (a member per line) took 8.9 s for 160k
// lines making one for each.
type memberProbe struct {
	src bytes.Reader
	zr  gzip.Reader
	out [4096]byte
}

// starts reports whether a gzip member starts b: its header reads, and it
// decodes, into text, whole or for 4 KiB. Compressed data holds gzip's
// three magic bytes by chance about once in 16 MiB; random bytes after them
// hardly make a valid header and then a deflate stream that gives 4 KiB of
// text.
func (p *memberProbe) starts(b []byte) bool {
	p.src.Reset(b)
	if err := p.zr.Reset(&p.src); err != nil {
		return false
	}
	zr, out := &p.zr, p.out[:]
	zr.Multistream(false)
	n := 0
	for n < len(out) {
		k, err := zr.Read(out[n:])
		n += k
		switch {
		case errors.Is(err, io.EOF):
			return !isBinary(out[:n]) // a whole member, its checksum right
		case errors.Is(err, io.ErrUnexpectedEOF):
			return n >= 64 && !isBinary(out[:n]) // a member cut short in its turn
		case err != nil:
			return false
		}
	}
	return !isBinary(out)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
