package logparse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/lazyregexp"
	"github.com/rakmigrate/rakmigrate/internal/plural"
)

// Stats sums up one input.
type Stats struct {
	Input  string
	Format Format
	Window // requests read: count, first and last time, test and live
	// Skipped counts malformed records passed over.
	Skipped  int
	Problems []*ParseError
	// NotSent counts the skipped records of requests that were never made
	// (ErrNotSent): a HAR entry without a response.
	NotSent int
	// ClientKey counts requests left out because they were made with a
	// publishable or ephemeral key (Stripe.js in a browser HAR, the mobile
	// SDKs): a restricted key replaces a secret key, not those.
	ClientKey int
	// Dashboard counts requests left out because a person made them in the
	// Dashboard (see madeInDashboard): no API key made them.
	Dashboard int
	// Unread says why a file found in a directory was skipped ("empty",
	// "not a log file", …); "" for an input that was read.
	Unread string
}

// MaxProblems is how many malformed records Stats keeps per input.
const MaxProblems = 5

// ScanOptions tune Scan.
type ScanOptions struct {
	Options
	Stdin     io.Reader               // what "-" reads
	Strict    bool                    // the first malformed record is fatal
	OnProblem func(*ParseError)       // hears about each malformed record (may be nil)
	Progress  func(done, total int64) // bytes read; total 0 when unknown (may be nil)
}

// Scan reads every input in order (each sniffed on its own, gzip
// transparently) and calls fn for each request, in input order. Large files
// of compact JSON lines or tail-text are decoded on all cores in chunks (see
// chunkable), and the results are put back in file order before fn sees
// them. An input that yields no request is an error naming the file and the
// formats tried.
func Scan(ctx context.Context, inputs []Input, opt ScanOptions, fn func(Request) error) ([]Stats, error) {
	if len(inputs) == 0 {
		return nil, errors.New("no inputs given")
	}
	prog := &progress{fn: opt.Progress}
	if opt.Progress != nil {
		prog.total = totalSize(inputs)
	}
	all, err := scanEach(inputs, opt, func(in Input) (Stats, error) { return scanOne(ctx, in, opt, prog, fn, nil) })
	if err == nil {
		prog.report(true)
	}
	return all, err
}

// scanEach reads every input with one. A walked file that turns out not to
// be a log (no requests, empty, binary) goes to OnProblem and is skipped;
// if no input at all yields a request, the first such skip is the error.
func scanEach(inputs []Input, opt ScanOptions, one func(Input) (Stats, error)) ([]Stats, error) {
	var all []Stats
	var firstSkip error
	requests := 0
	for _, in := range inputs {
		st, err := one(in)
		all = append(all, st)
		requests += st.Requests
		// A file found in a directory that is not a log is passed over;
		// one whose requests were read before its error is a damaged log,
		// and fails the run as it would have named (its requests were
		// counted: listing it as skipped would say they were not).
		if err != nil && in.Walked && notALog(err) && st.Requests == 0 {
			if firstSkip == nil {
				firstSkip = err
			}
			all[len(all)-1].Unread = unreadReason(err)
			if opt.OnProblem != nil {
				// Short: a README beside the logs needs no advice on
				// formats; the whole error stands if nothing else is read.
				pe := &ParseError{File: in.Name, Err: err}
				if p, ok := err.(*ParseError); ok {
					pe = &ParseError{File: p.File, Line: p.Line, Err: p.Err}
				}
				pe.Hint = "skipped: found in a directory, and not a request log"
				if errors.Is(err, ErrNotAFile) || errors.Is(err, ErrUnreadable) {
					pe.Hint = "skipped: found in a directory"
					if p, ok := err.(*ParseError); ok && p.Hint != "" {
						pe.Hint = "skipped: found in a directory; " + p.Hint
					}
				}
				opt.OnProblem(pe)
			}
			continue
		}
		if err != nil {
			return all, err
		}
	}
	if requests == 0 && firstSkip != nil {
		if skipped := unreadCount(all); skipped > 1 {
			// The first skip alone reads as if that file were the only
			// one, and its advice ("pass --input-format") as if it were
			// a log.
			return all, fmt.Errorf("none of the %d files found in the directories given is a request log (each is listed above with why it was skipped); the first: %w", skipped, firstSkip)
		}
		return all, firstSkip
	}
	return all, nil
}

// unreadCount is how many inputs were skipped as not logs.
func unreadCount(all []Stats) int {
	n := 0
	for _, st := range all {
		if st.Unread != "" {
			n++
		}
	}
	return n
}

// unreadReason is notALog's error in a few words, for a list of inputs.
func unreadReason(err error) string {
	for _, k := range []error{ErrNotAFile, ErrUnreadable, ErrEmpty, ErrBinary, ErrNoRequests} {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	return "not read"
}

// notALog reports errors that say a file is not a request log at all.
// A file that cannot be opened is one too, as far as a walk goes: the run
// says so and reads the rest.
func notALog(err error) bool {
	return errors.Is(err, ErrNoRequests) || errors.Is(err, ErrEmpty) || errors.Is(err, ErrBinary) ||
		errors.Is(err, ErrNotAFile) || errors.Is(err, ErrUnreadable)
}

// openFile opens an input file (a variable so that tests can make one
// unreadable: as root, a file's mode never denies a read).
var openFile = os.Open

func totalSize(inputs []Input) int64 {
	var total int64
	for _, in := range inputs {
		if in.Skip != "" {
			continue
		}
		if in.Path == "" {
			return 0
		}
		st, err := os.Stat(in.Path)
		if err != nil {
			return 0
		}
		total += st.Size()
	}
	return total
}

// progress counts bytes read across inputs and reports them every
// progressStep bytes. A stream of unknown size (stdin, a live `stripe logs
// tail`) also reports before each read, which may block for minutes: every
// complete record read so far has been handed on by then, so a consumer
// that counts requests shows them all while the stream waits.
type progress struct {
	fn          func(done, total int64)
	total, done int64
	last        int64
}

const progressStep = 1 << 20

func (p *progress) add(n int) {
	p.done += int64(n)
	if p.fn != nil && p.done-p.last >= progressStep {
		p.report(false)
	}
}

// beforeRead reports a stream's news before a read that may block.
func (p *progress) beforeRead() {
	if p.fn != nil && p.total == 0 && p.done > p.last {
		p.report(false)
	}
}

func (p *progress) report(final bool) {
	if p.fn == nil || (final && p.done == p.last) {
		return
	}
	p.last = p.done
	p.fn(p.done, p.total)
}

type countingReader struct {
	r io.Reader
	p *progress
}

// Unwrap is the reader counted (see isLive).
func (c *countingReader) Unwrap() io.Reader { return c.r }

func (c *countingReader) Read(b []byte) (int, error) {
	c.p.beforeRead()
	n, err := c.r.Read(b)
	c.p.add(n)
	return n, err
}

// scanOne reads one input. With workers (ScanWorkers), a chunked input is
// handed to them out of order; everything else goes to fn in order.
func scanOne(ctx context.Context, in Input, opt ScanOptions, prog *progress, fn func(Request) error, workers []func(*Request) error) (Stats, error) {
	st := Stats{Input: in.Name}
	var src io.Reader
	var file *os.File
	regular := false
	if in.Path == "" {
		if opt.Stdin == nil {
			return st, errors.New("-: no standard input to read")
		}
		src = opt.Stdin
		// `import - < file`: standard input is the file itself, and is
		// read like one.
		if f, ok := opt.Stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				file, regular = f, true
			}
		}
	} else {
		if in.Skip != "" {
			return st, &ParseError{File: in.Name, Err: &kindError{ErrNotAFile, in.Skip}}
		}
		f, err := openFile(in.Path)
		if err != nil {
			if in.Walked {
				return st, &ParseError{File: in.Name, Err: &kindError{ErrUnreadable, unwrapPathError(err).Error()},
					Hint: "make it readable (chmod, or run as a user who may read it) to include it"}
			}
			return st, fmt.Errorf("input %s: %w", in.Name, unwrapPathError(err))
		}
		defer f.Close()
		src, file = f, f
		if fi, err := f.Stat(); err == nil {
			regular = fi.Mode().IsRegular()
			if fi.IsDir() {
				return st, fmt.Errorf("input %s is a directory", in.Name)
			}
		}
	}
	if f, ok := src.(*os.File); ok && !regular {
		// A read from a pipe or FIFO waits for its writer: Ctrl-C ends the
		// wait (where the poller can; a blocking stdin waits on).
		defer context.AfterFunc(ctx, func() { _ = f.SetReadDeadline(time.Now()) })()
	}
	var cast *castReader
	castOwn := false // the recording's own problems are placed already
	if file != nil && regular {
		head := make([]byte, castHeadBytes)
		n, _ := file.ReadAt(head, 0)
		if gzipped := isGzipCastFile(file); gzipped || isCastHeader(head[:n]) {
			// Read as the output it plays, on this goroutine, whole: the
			// file's bytes are not the text read (see asciicast.go).
			text, err := castText(in.Name, src, gzipped)
			if err != nil {
				return st, err
			}
			cast = newCastReader(in.Name, text, opt.MaxLine)
			src, file, regular = cast, nil, false
		}
	} else if !regular {
		// A pipe (`cat session.cast | rakmigrate import -`): its first
		// line says, or a gzipped one's (`cat rec.cast.gz | …`).
		h := readHead(src)
		src = h
		if gzipped := h.gzipCast(); gzipped || isCastHeader(h.head) {
			text, err := castText(in.Name, src, gzipped)
			if err != nil {
				return st, err
			}
			cast = newCastReader(in.Name, text, opt.MaxLine)
			src, file = cast, nil
		}
	}
	if isLive(src) {
		// Beneath the counting, so that what quiet reads in the
		// background is counted when it is taken, on this goroutine.
		src = newLiveReader(src)
	}
	if prog.fn != nil {
		src = &countingReader{r: src, p: prog}
	}
	rd, format, err := Open(in.Name, src, opt.Options)
	if err != nil {
		if ctx.Err() != nil {
			// Ctrl-C while a pipe said nothing: what was read (nothing,
			// or a start cut off) is no verdict on the input.
			return st, ctx.Err()
		}
		return st, err
	}
	st.Format = format
	handle := func(r Request, err error) error {
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				return fmt.Errorf("reading %s: %w", in.Name, err)
			}
			if cast != nil && !castOwn && pe.Line > 0 {
				pe.Line, pe.Column = cast.castLine(pe.Line), 0
			}
			st.Skipped++
			notSent := errors.Is(pe, ErrNotSent)
			if notSent {
				st.NotSent++
			}
			fatal := isFatal(pe)
			stops := opt.Strict && !notSent || fatal
			if stops && !fatal {
				pe.Hint = strictHint(pe.Hint)
			}
			if len(st.Problems) < MaxProblems {
				st.Problems = append(st.Problems, pe)
			}
			if opt.OnProblem != nil && !fatal {
				// A fatal one is the run's error: said once, as that.
				opt.OnProblem(pe)
			}
			if stops {
				return pe
			}
			return nil
		}
		if cast != nil {
			r.Pos.Line, r.Pos.Column = cast.castLine(r.Pos.Line), 0
		}
		if madeInDashboard(&r) {
			st.Dashboard++
			return nil
		}
		st.Add(&r)
		return fn(r)
	}
	if js, ok := rd.(*jsonStreamReader); ok && workers != nil {
		// ScanWorkers hands records on borrowed (see its contract): on the
		// sequential path too (a pipe), nothing needs copying out of the line.
		js.borrow = true
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx) // a failed chunk stops the others
	defer cancel()
	if cast != nil {
		// Sequential: the positions are put back where each line's event
		// is as the output is read.
		err = scanSequential(ctx, rd, handle)
		castOwn = true
		for _, pe := range cast.bad {
			if err != nil {
				break
			}
			err = handle(Request{}, pe)
		}
	} else if chunks, ch, lr := chunksOf(ctx, rd, file, regular, prog, len(workers)); chunks != nil {
		if workers != nil && !opt.Strict {
			err = scanUnordered(ctx, chunks, cancel, &st, handle, workers, workerDecoder(ch, lr))
		} else {
			err = scanParallel(ctx, ch, lr, chunks, cancel, handle)
		}
	} else {
		err = scanSequential(ctx, rd, handle)
	}
	if c, ok := rd.(clientKeyCounter); ok {
		st.ClientKey = c.clientKeyRequests()
	}
	if parent.Err() != nil {
		// See above: cut off, not empty, and a read that Ctrl-C ended
		// is no read error.
		return st, parent.Err()
	}
	if err != nil {
		return st, err
	}
	if st.Requests == 0 {
		forced, looks := opt.Format != FormatUnknown, FormatUnknown
		if forced {
			looks = detectFormat(in.Path, opt.Options)
		}
		err := noRequests(in.Name, format, forced, looks, st)
		if st.ClientKey == 0 {
			if what, whole := recognise(in.Path); what != "" && (st.Skipped == 0 || whole && format == FormatJSON && st.Skipped == 1) {
				err.Hint = what // what was tried does not matter then
			}
		}
		return st, err
	}
	return st, nil
}

// detectFormat is the format the file at path is detected as, for a run
// that forced another and read nothing; FormatUnknown for stdin (which
// cannot be read again) or when detection fails.
func detectFormat(path string, opts Options) Format {
	if path == "" {
		return FormatUnknown
	}
	f, err := openFile(path)
	if err != nil {
		return FormatUnknown
	}
	defer f.Close()
	opts.Format = FormatUnknown
	_, format, err := Open(path, f, opts)
	if err != nil {
		return FormatUnknown
	}
	return format
}

// itsRequests says how many of an input's Stripe requests a reason that
// follows left out: "its 3 Stripe requests were", "its one Stripe request
// was".
func itsRequests(n int) string {
	if n == 1 {
		return "its one Stripe request was"
	}
	return "its " + itoa(n) + " Stripe requests were"
}

// strictHint is a malformed record's hint when --strict makes it the last
// thing read: what the reader says it does next ("the lines after it are
// read") happens only without --strict.
func strictHint(hint string) string {
	if hint == "" {
		return "--strict stops at the first malformed record"
	}
	return "--strict stops here; without it: " + hint
}

// chunksOf returns the chunks of an input that is decoded in parallel
// (see chunkable), with its reader and lines; a nil source when the input is
// read whole (its reader cannot be cut).
//
// A stream that is not a regular file (a pipe) is cut only for ScanWorkers
// (workers > 0), whose callers aggregate and show nothing until the end: a
// chunk waits until it is full, which on a live `stripe logs tail | …`
// would hold each request back for minutes from a Scan caller that shows
// records as they come. `zcat big.gz | rakmigrate import -` decodes on
// every core.
func chunksOf(ctx context.Context, rd Reader, file *os.File, regular bool, prog *progress, workers int) (chunkSource, chunkable, *lineReader) {
	ch, ok := asChunkable(rd)
	if !ok || !parallelDecode || !regular && workers == 0 {
		return nil, nil, nil
	}
	plan, ok := ch.cut()
	if !ok {
		return nil, nil, nil
	}
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return newChunkSource(ctx, plan, file, prog, workers), ch, plan.lr
}

// notRequestLogs recognise inputs that people mistake for request logs,
// so that "no Stripe requests found" can say what the input is instead.
var notRequestLogs = []struct {
	looks func() *regexp.Regexp
	what  string
	// whole marks a document that is one record to the JSON reader (a
	// Postman collection): its one malformed record explains nothing that
	// what the file is does not explain better.
	whole bool
}{
	// stripe-cli listen: "%s   --> %s%s [%s]" and "%s  <--  [%d] %s %s [%s]"
	// after a local time, which a terminal capture wraps in colour codes.
	{lazyregexp.New(`\d\d:\d\d:\d\d\S*\s+(?:-->|<--)\s`),
		"this is `stripe listen` output: the webhook events Stripe sent, not the API requests your key made (use `stripe logs tail`)", false},
	{lazyregexp.New(`"object":\s*"event"`),
		"this holds Stripe events (webhook payloads or /v1/events), not the API requests your key made (use `stripe logs tail`)", false},
	// A Newman JSON report that gave nothing: its runs called other APIs
	// (see jsonnewman.go; it names Postman's schema too, so it comes first).
	{newmanReportStart,
		"this is a Newman run report, but none of its executions called Stripe's API with a response (run the collection against api.stripe.com, or use `stripe logs tail`)", false},
	// Postman's collection format names its schema in "info".
	{lazyregexp.New(`"schema":\s*"https://schema\.getpostman\.com/`),
		"this is a Postman collection: requests someone wrote down, not the ones your key made (use `stripe logs tail`, or your SDK's request log)", true},
	// The Dashboard's exports of objects (payments, customers, invoices,
	// balance…) start with an id column of those objects' ids.
	{lazyregexp.New(`\A(?:\x{FEFF})?"?id"?,[^\n]*\n"?(?:ch|py|pi|cus|in|txn|po|sub|re|dp|prod|price|cs|tr|pm|seti|il|cn|ii)_[A-Za-z0-9]`),
		"this is a Dashboard export of Stripe objects (payments, customers, invoices…), not the API requests your key made (use `stripe logs tail`)", false},
	// An OpenAPI description: Stripe's own (github.com/stripe/openapi,
	// keys sorted, so "openapi" comes last but x-expandableFields in the
	// first lines) or any other, JSON or YAML.
	{lazyregexp.New(`"(?:openapi|swagger)":\s*"[23]\.|"x-(?:expandableFields|resourceId)":|(?m)^(?:openapi|swagger):\s*['"]?[23]\.|^\s+x-(?:expandableFields|resourceId):`),
		"this is an OpenAPI description: every endpoint the API has, not the ones your key called (use `stripe logs tail`, or your SDK's request log)", false},
	// Postman's environment and globals exports (a collection is above).
	{lazyregexp.New(`"_postman_variable_scope":\s*"(?:environment|globals)"`),
		"this is a Postman environment: variables, perhaps a key (keep the file out of anything you share), not the API requests your key made (use `stripe logs tail`)", false},
	// Insomnia's export: v4 JSON ("_type": "export") and v5 YAML.
	{lazyregexp.New(`"_type":\s*"export"|"__export_source":\s*"insomnia|(?m)^type:\s*collection\.insomnia\.rest/`),
		"this is an Insomnia export: requests someone wrote down, not the ones your key made (use `stripe logs tail`, or your SDK's request log)", false},
	// Burp Suite's "Save items": XML, each item with base64 request and
	// response. Not HAR, which Burp does not write itself.
	{lazyregexp.New(`<items burpVersion=`),
		"this is Burp Suite's \"Save items\" XML, which rakmigrate does not read: save the traffic as HAR (mitmproxy, Charles, Fiddler, HTTP Toolkit or a browser's dev tools write it) or use `stripe logs tail`", false},
	// `stripe trigger`: the CLI's fixtures ran with the CLI's own login
	// (stripe-cli pkg/fixtures: "Setting up fixture for: %s", "Running
	// fixture for: %s"; pkg/cmd/trigger.go: "Trigger succeeded! …").
	{lazyregexp.New(`(?m)^(?:Setting up|Running) fixture for: |Trigger succeeded! Check dashboard for event details`),
		"this is `stripe trigger` output: requests the CLI made with its own login to create test events, not the ones your key made (run `stripe logs tail` while your integration runs)", false},
	// An egress proxy's log of TLS tunnels to Stripe: Squid's
	// "TCP_TUNNEL/200 … CONNECT api.stripe.com:443", nginx's or Envoy's
	// "CONNECT api.stripe.com:443 HTTP/1.1", smokescreen's (Stripe's own
	// egress proxy) JSON "requested_host":"api.stripe.com:443". Inside TLS
	// the proxy sees the host, never a method or path.
	// Charles's JSON session of tunnels it did not decrypt: "method":
	// "CONNECT", "host": "api.stripe.com", "tunnel": true.
	{lazyregexp.New(`CONNECT\s+(?:api|files|meter-events)\.stripe\.com:443|"CONNECT [^"\n]*"[^\n]*(?:api|files|meter-events)\.stripe\.com:443|"requested_host":\s*"(?:api|files|meter-events)\.stripe\.com:443"|"method":\s*"CONNECT",[^{}]*"host":\s*"(?:api|files|meter-events)\.stripe\.com"`),
		"this is an egress proxy's log of TLS tunnels (CONNECT) to Stripe: inside TLS a proxy sees the host, not the method and path of each request, so no request can be mapped to a permission (log the requests themselves: `stripe logs tail`, your SDK's request log, or a proxy that decrypts TLS, such as Squid with ssl_bump, mitmproxy saving a HAR, or Charles with SSL Proxying on for api.stripe.com)", false},
	// `stripe get|post|delete --show-headers`: the response's headers as
	// "Name: value" lines (Request-Id, Stripe-Version among them), then the
	// JSON body (stripe-cli pkg/requests/base.go).
	{lazyregexp.New(`(?mi)^Request-Id: req_\w+\s*$[\s\S]*^Stripe-Version: |(?mi)^Stripe-Version: .*$[\s\S]*^Request-Id: req_\w+\s*$`),
		"this is `stripe get/post/delete --show-headers` output: one response the CLI fetched with its own login, not a log of the requests your key made (run `stripe logs tail` while your integration runs)", false},
	// A JUnit XML report (newman -r junit, hopp test --reporter-junit, bru
	// --reporter-junit): test outcomes, without the method and URL of a
	// request.
	{lazyregexp.New(`<testsuites[\s>]|<testsuite\s[^>]*\btests="`),
		"this is a JUnit test report: which tests passed, not the requests they made (write the run as JSON instead: `newman run … -r json`, `bru run --reporter-json`, or capture it with `stripe logs tail`)", false},
	// A dotenv file: settings, and often the very key being replaced.
	{lazyregexp.New(`(?m)^(?:export\s+)?STRIPE_[A-Z0-9_]*\s*=`),
		"this is an environment file (.env): settings and perhaps keys (keep it out of anything you share), not a request log (use `stripe logs tail`)", false},
}

// recognise says what the file at path is when it is one of
// notRequestLogs, from its first 16 KiB; "" otherwise (and for stdin, which
// cannot be read again).
func recognise(path string) (what string, whole bool) {
	if path == "" {
		return "", false
	}
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := io.ReadFull(f, head)
	for _, n2 := range notRequestLogs {
		if n2.looks().Match(head[:n]) {
			return n2.what, n2.whole
		}
	}
	return "", false
}

// isFatal marks errors after which nothing in the input can be trusted.
func isFatal(pe *ParseError) bool {
	return errors.Is(pe, ErrBinary) || errors.Is(pe, ErrWrongFormat) || errors.Is(pe, ErrEmpty)
}

func scanSequential(ctx context.Context, rd Reader, handle func(Request, error) error) error {
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err := handle(r, err); err != nil {
			return err
		}
	}
}

// noRequests explains an input that gave nothing, so "no data" never looks
// like "no usage".
//
// looks is the format the input is detected as when the format was forced
// (FormatUnknown when not known, or not forced).
func noRequests(name string, f Format, forced bool, looks Format, st Stats) *ParseError {
	how := "read as " + string(f) + " (detected)"
	if forced {
		how = "read as " + string(f) + " (forced by --input-format)"
	}
	if st.ClientKey > 0 {
		its := itsRequests(st.ClientKey)
		unsent := ""
		if st.NotSent > 0 {
			unsent = "; " + itoa(st.NotSent) + " more never sent (no response)"
		}
		return &ParseError{File: name, Err: &kindError{ErrNoRequests, how + "; " + its +
			" made with a publishable or ephemeral key (Stripe.js in a browser, a mobile SDK), which a restricted key does not replace" + unsent},
			Hint: "capture the requests your server makes with the secret key instead: `stripe logs tail`, your SDK's request log, or a HAR from a proxy in front of the server"}
	}
	if st.Dashboard > 0 {
		its := itsRequests(st.Dashboard)
		return &ParseError{File: name, Err: &kindError{ErrNoRequests, how + "; " + its +
			" made in the Dashboard (source DASHBOARD: a person editing resources there, not an API key), which a restricted key does not replace"},
			Hint: "give the requests your integration makes with its key: `stripe logs tail --filter-source API`, or the API rows of the request logs"}
	}
	if st.NotSent > 0 && st.NotSent == st.Skipped {
		its := itsRequests(st.NotSent)
		return &ParseError{File: name, Err: &kindError{ErrNoRequests, how + "; " + its +
			" never sent (no response: blocked, cancelled or not sent yet), so no key made them"},
			Hint: "send the requests and export again, or capture the requests your server makes: `stripe logs tail`, your SDK's request log, or a HAR from a proxy in front of the server"}
	}
	hint := "formats tried: " + formatList() + "; if this is a request log, pass --input-format NAME"
	if forced {
		// Only the forced format was tried, and the advice to pass one
		// is what led here.
		hint = "nothing in it reads as " + string(f) + ": drop --input-format to detect its format"
		if looks != FormatUnknown && looks != f {
			hint = "this looks like " + string(looks) + ", not " + string(f) + " (drop --input-format to detect it, or pass --input-format " + string(looks) + ")"
		}
	}
	if f == FormatSDK && st.Skipped == 0 {
		// Most often an application log with the SDK's request logging off.
		hint += "; an application log needs the SDK's request logging on (stripe-go: LeveledLogger at LevelInfo; " +
			"Python: stripe.log = 'info'; Ruby: Stripe.log_level = Stripe::LEVEL_INFO; Node: log the 'request' and 'response' events)"
	}
	if st.Skipped > 0 {
		skipped := plural.Count(st.Skipped, "malformed record") + " skipped, first: " + st.Problems[0].Error()
		if forced && looks != FormatUnknown && looks != f {
			// What the input is comes first: it explains the records.
			hint += "; " + skipped
		} else {
			hint = skipped + "; " + hint
		}
	}
	return &ParseError{File: name, Err: &kindError{ErrNoRequests, how}, Hint: hint}
}

// Describe lists inputs and formats for messages: "a.log (tail-text), b.csv (csv)".
func Describe(stats []Stats) string {
	parts := make([]string, len(stats))
	for i, s := range stats {
		what := string(s.Format)
		if s.Unread != "" {
			what = "skipped: " + s.Unread
		}
		parts[i] = s.Input + " (" + what + ")"
	}
	return strings.Join(parts, ", ")
}
