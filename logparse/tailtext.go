package logparse

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// tailTextReader reads `stripe logs tail` text output:
//
//	2026-03-04 10:15:02 [403] POST /v1/refunds [req_AbC123]
//	Type: invalid_request_error
//	Message: The provided key ... would allow this request to continue.
//
// The error lines after a failed request belong to it. On a live pipe a
// failed request is returned once the stream has been quiet for a moment
// (liveQuietTail), so a `tail` never stalls on it; a later orphan Message line
// that carries a permission message still becomes a denial record.
type tailTextReader struct {
	lr       *lineReader
	clock    localClock // reads the lines' local times
	live     bool
	pending  Request // a failed request waiting for its error lines, when waiting
	waiting  bool
	held     []byte // a line read past a pending request, processed next
	heldNo   int
	heldMode *bool
	heldCut  bool
	heldErr  error
	scratch  []byte
	seen     bool // a request line was read: no more preamble
	preamble int
	maxPre   int // lines of preamble allowed: maxPreamble, or what sniffing saw above the tail
	// borrow: records may alias the lines they come from (a chunk of
	// ScanWorkers, whose lines stay put until it is done).
	borrow bool
	// wrap is the widest row of a pending request's Message line when
	// the line may go on on the next line (wrapPiece): -1 until a row
	// that may be a piece asks for it, 0 when the last line was not that
	// Message. wrapPrev is the width of the last row.
	wrap, wrapPrev int
	// ids is what the log's first request line in the bytes sniffing read
	// says (1: it ends with its request id, as the CLI prints every one;
	// -1: it does not; 0: none there), decided once for the whole input so
	// that every chunk judges an id-less request line alike.
	ids int8
}

func newTailTextReader(lr *lineReader, opts Options, live bool) *tailTextReader {
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	return &tailTextReader{lr: lr, clock: localClock{loc: loc}, live: live, ids: idsOf(lr.pre, loc, lr.max)}
}

// tailChatter are the CLI's status lines: not requests, not errors.
var tailChatter = []string{
	"Getting ready", "Ready!", "> Ready!", "Session expired", "Checking for new versions",
	"A newer version of the Stripe CLI", "To upgrade", "Please upgrade", "Reconnecting",
	"Connection to Stripe", "Failed to connect", "Your API key", "Stripe CLI",
	// VisitWarning prints "Warning <text>" (the Connect filter notice); a
	// terminal capture echoes the ^C that ends the session.
	"Warning ", "^C",
	// What a capture of the terminal puts around the tail: script(1) on
	// Linux and macOS, and PowerShell's Start-Transcript, whose header and
	// footer are "Label: value" lines between rows of asterisks.
	"Script started on ", "Script done on ",
	"Windows PowerShell transcript start", "PowerShell transcript end",
	"Transcript started, output file is ", "Transcript stopped, output file is ",
	"Start time: ", "End time: ", "Username: ", "RunAs User: ", "Configuration Name:", "Machine: ",
	"Host Application: ", "Process ID: ", "PSVersion: ", "PSEdition: ", "GitCommitId: ", "OS: ",
	"Platform: ", "PSCompatibleVersions: ", "PSRemotingProtocolVersion: ", "SerializationVersion: ",
	"WSManStackVersion: ", "BuildVersion: ", "CLRVersion: ",
	// What a CI runner writes around the steps' output in a downloaded
	// job log (see ciPrefixLen): GitHub Actions' workflow commands
	// (##[group]Run …, ##[endgroup], ##[error]…) and its post-job notes.
	"##[", "Post job cleanup.", "Cleaning up orphan processes",
	// Windows PowerShell 5.1 with 2>&1 or *> turns the first line a
	// native command writes to stderr (the CLI's "Getting ready...") into
	// an error record: "stripe : Getting ready...", "At line:1 char:1",
	// "+ stripe logs tail *> tail.log", "+ ~~~~", "    + CategoryInfo …",
	// "    + FullyQualifiedErrorId : NativeCommandError". A "+ " line is
	// also what `set -x` shows of a CI script's commands.
	"stripe : ", "stripe.exe : ", "At line:", "+ ",
	// A GitLab CI job log (the raw trace, or the web view's "Raw" button):
	// collapsible sections "section_start:<unix>:<name>\r\x1b[0K<title>",
	// the runner's own lines around the script, and "$ <command>" for each
	// command it runs (gitlab-runner's shells and executors; GitLab docs
	// "Job logs", custom collapsible sections).
	"section_start:", "section_end:", "Running with gitlab-runner", "on ", "Preparing the ",
	"Preparing environment", "Using Docker executor", "Using docker image", "Pulling docker image",
	"Using Kubernetes", "Using Shell", "Running on ", "Getting source from Git repository",
	"Fetching changes", "Initialized empty Git repository", "Reinitialized existing Git repository",
	"Created fresh repository.", "Checking out ", "Skipping Git submodules setup", "Executing \"",
	"Cleaning up project directory", "Job succeeded", "ERROR: Job failed", "Uploading artifacts",
	"Saving cache", "Restoring cache", "Downloading artifacts", "$ ",
	// What other tools put between a tail's lines: `tail -f a.log b.log`
	// names each file before its lines ("==> a.log <=="); grep -A/-B/-C
	// separates groups of hits with "--"; journalctl writes "-- Boot …
	// --", "-- Logs begin at … --" and "-- No entries --" lines.
	"==> ", "--",
	// `stripe login` run in the same terminal before the tail, which a
	// capture of the session (script, asciinema, a CI log) keeps above it
	// (stripe-cli pkg/login/client_login.go, login_message.go,
	// interactive_login.go). "Press Enter …" has no newline: the spinner
	// or the Enter typed ends its line.
	"Your pairing code is: ", "This pairing code verifies your authentication",
	"To authenticate with Stripe, please go to: ", "Press Enter to open the browser",
	"Waiting for confirmation", "Failed to open browser", "> Done! The Stripe CLI is configured",
	"Done! The Stripe CLI is configured", "> Error verifying the CLI was set", "Please note: this key will expire",
	"Enter your API key: ", "How would you like to identify this device",
}

// tailErrorFields maps the labels of the lines after a failed request.
var tailErrorFields = map[string]func(e *APIError, v string){
	"Type":           func(e *APIError, v string) { e.Type = v },
	"Code":           func(e *APIError, v string) { e.Code = v },
	"Message":        func(e *APIError, v string) { e.Message = v },
	"Param":          func(e *APIError, v string) { e.Param = v },
	"Decline code":   func(*APIError, string) {},
	"Charge":         func(*APIError, string) {},
	"!!ErrorInsight": func(*APIError, string) {},
	"ErrorInsight":   func(*APIError, string) {},
}

func (t *tailTextReader) Next() (Request, error) {
	for {
		var line []byte
		var lineNo int
		var mode *bool  // from the request id's dashboard link, on a TTY capture
		cut := false    // the line ends where the log was cut (see lineReader.cutAtHole)
		stable := false // line stays put until the chunk is done (see borrow)
		switch {
		case t.held != nil:
			line, lineNo, mode, cut = t.held, t.heldNo, t.heldMode, t.heldCut
			t.held = nil
		case t.heldErr != nil:
			err := t.heldErr
			t.heldErr = nil
			return Request{}, err
		default:
			if t.waiting && t.live && t.lr.quiet(liveQuietTail) {
				return t.flush(), nil
			}
			l, err := t.lr.nextText() // a run of binary lines is one report
			if err != nil {
				if t.waiting {
					if !errors.Is(err, io.EOF) {
						t.heldErr = err
					}
					return t.flush(), nil
				}
				return Request{}, err
			}
			lineNo = t.lr.line
			cut = t.lr.eof // the input's last line, without its newline
			if bytes.IndexByte(l, 0) >= 0 {
				l, cut = t.lr.cutAtHole(l), true
			}
			if bytes.IndexByte(l, '\r') >= 0 {
				l = t.splitCRLines(l)
			}
			line = l
			if bytes.IndexByte(l, 0x1b) >= 0 {
				mode = linkMode(l) // and line goes to t.scratch, used again
			} else {
				stable = t.borrow
			}
			line = tailShown(l, &t.scratch)
		}
		text, framed := tailWordsFramed(line)
		if len(text) == 0 {
			continue
		}
		if t.waiting && (t.wrap != 0 || framed) {
			if piece, sep, ok := t.wrapPiece(line, text, framed); ok {
				e := apiErr(&t.pending)
				e.Message += sep + piece
				continue
			}
		}
		t.wrap = 0
		if label, value, ok := tailErrorLine(text); ok && (t.waiting || label != "") {
			if c := bytes.IndexByte(text, ':'); c+2 < len(text) && text[c+1] == ' ' && text[c+2] == ' ' {
				// column -t puts two spaces or more between all its
				// columns (see collapseSpaces); the CLI one after a label.
				value = string(collapseSpaces([]byte(value)))
			}
			if e := t.pending.Error; t.waiting && e != nil && (label == "Type" && e.Type != "" || label == "Message" && e.Message != "") {
				// A second error for one request: these lines are another
				// failed request's, whose request line was lost (a cut, a
				// hole). Read on the pending one, its error would be
				// overwritten and the other's denial lost without a word:
				// the pending one is whole, and these lines are read as
				// lines without their request (a 403's Message is kept).
				t.held = append([]byte(nil), line...)
				t.heldNo, t.heldMode, t.heldCut = lineNo, mode, cut
				return t.flush(), nil
			}
			if t.waiting {
				if set := tailErrorFields[label]; set != nil {
					set(apiErr(&t.pending), value)
				}
				if label == "Message" {
					t.wrap = -1 // measured only when a row may be a piece
				}
				continue
			}
			if label == "Message" && looksLikeDenial(value) {
				// The request went out before its error lines (live pipe).
				return Request{Status: 403, Error: &APIError{Message: value},
					Pos: Position{File: t.lr.name, Line: lineNo, Column: 1}}, nil
			}
			continue
		}
		if t.waiting {
			t.held = append([]byte(nil), line...)
			t.heldNo, t.heldMode, t.heldCut = lineNo, mode, cut
			return t.flush(), nil
		}
		if framed && startsLikeTailTime(text) && t.continuedNext(&text, &stable) {
			// A GitLab job log cut the request line into pieces: read it
			// whole (the pieces are lines of their own, see tailFollows).
			text = t.joinContinued(text)
		}
		r, err := parseTailText(text, &t.clock, stable)
		if err != nil && !framed && columnSpaced(text) {
			// Fields re-spaced by `column -t`: read as the CLI wrote them.
			if c := collapseSpaces(text); isTailLine(c) || isTailChatter(c) {
				text = c
				r, err = parseTailText(text, &t.clock, false)
			}
		}
		if err != nil && !framed && startsLikeTailTime(text) {
			// Cut by the pane inside "[View path in dashboard]": the
			// first row alone is no request.
			if w, ok := t.joinWrappedRequest(&line, &text); ok {
				r, err = w, nil
			}
		}
		if err != nil {
			if isTailChatter(text) || framed && !startsLikeTailTime(text) {
				// A framed line that does not start like a request is the
				// output of another step or program in the same CI or
				// container log; one that does and fails is malformed.
				if !framed {
					t.skipWrappedRows(line)
				}
				continue
			}
			if !t.seen && t.preamble < max(t.maxPre, maxPreamble) {
				t.preamble++ // a prompt or title above the output
				continue
			}
			return Request{}, newParseError(Position{File: t.lr.name, Line: lineNo, Column: 1}, ErrMalformed,
				err.Error()+": "+snippet(text), "expected `YYYY-MM-DD HH:MM:SS [status] METHOD /path [req_id]`")
		}
		// A request line, even one reported cut below: the lines after it
		// are no preamble. Chunks see it so (cut plans their origin after
		// the first line that parses; FuzzTailTextChunks seed
		// 1c3c5b585bc84a81).
		t.seen = true
		if k := joinedAt(text, &r); k > 0 && !framed {
			// Cut short, with the next record (an error line, a request
			// line) going on on the same line: what is left of this one is
			// reported, the next one read as a line of its own.
			t.lr.unread(text[k:])
			return Request{}, newParseError(Position{File: t.lr.name, Line: lineNo, Column: 1}, ErrTruncated,
				"the request line is cut off where another record starts on it (column "+itoa(k+1)+"): "+snippet(text[:k]),
				"the log lost bytes here, to a full disk or a copy taken while it was written; the next record is read")
		}
		if r.RequestID == "" && !framed {
			// The CLI ends every request line with its id: without one, the
			// line may have been cut by a terminal's hard wrap.
			if w, ok := t.joinWrappedRequest(&line, &text); ok {
				r = w
			}
		}
		r.Pos = Position{File: t.lr.name, Line: lineNo, Column: 1}
		if r.RequestID == "" && !framed && cut {
			// The CLI ends every request line with its id: one without it
			// that ends where the log was cut lost its end, perhaps part of
			// its path, and a path cut short can name another endpoint.
			return Request{}, newParseError(r.Pos, ErrTruncated, "the request line is cut off before its request id: "+snippet(text),
				"the log was cut off here by a full disk, a hole or a copy taken while it was written; the path may be cut too, so the request is not counted")
		}
		if r.RequestID == "" && !framed && t.ids > 0 {
			// A whole line (it ends in a newline) without the id that the
			// log's request lines end with: cut short with a line end put
			// after it (a log shipper's or a terminal's line limit, a copy
			// pieced together), its path perhaps cut too, which can name
			// another endpoint. A log whose request lines carry no id
			// (ids < 0: not as the CLI prints them) keeps such lines: the
			// line alone cannot tell there, and what sniffing read decides
			// for the whole input, so every chunk agrees.
			return Request{}, newParseError(r.Pos, ErrMalformed, "the request line lacks the request id the log's request lines end with: it was cut short: "+snippet(text),
				"the log lost the line's end (a line length limit, a copy taken while it was written); the path may be cut too, so the request is not counted")
		}
		if r.Method == "" {
			// "[200]  [View path in dashboard]": no method and no url. Such
			// a record would read as a bare 403 message downstream; report
			// it instead, with its place, so it is counted and not guessed.
			return Request{}, newParseError(r.Pos, ErrMalformed, "request "+r.RequestID+" has neither method nor path",
				"look it up in the Dashboard's logs; the CLI did not receive its method or url")
		}
		r.Livemode = mode
		if r.Status >= 400 {
			// Kept by value: a pointer to r would put every record on the heap.
			t.pending, t.waiting = r, true
			continue
		}
		return r, nil
	}
}

// tailShown is what a terminal shows of a raw line: colours and links
// stripped (into *scratch when there are any), and of a line redrawn with
// carriage returns only the last drawing.
func tailShown(raw []byte, scratch *[]byte) []byte {
	line := raw
	if bytes.IndexByte(raw, 0x1b) >= 0 {
		*scratch = stripANSI(raw, *scratch)
		line = *scratch
	}
	return lastRedraw(line)
}

// tailWords is a shown line's text, without the space around it or the ^C
// the terminal echoes when the tail is stopped, sometimes in front of the
// last line the CLI printed.
func tailWords(line []byte) []byte {
	text, _ := tailWordsFramed(line)
	return text
}

// tailWordsFramed is tailWords without the timestamp a CI runner, a
// container runtime or the journal puts in front of every line
// (framePrefixLen); framed reports that there was one.
func tailWordsFramed(line []byte) (text []byte, framed bool) {
	text = bytes.TrimSpace(line)
	if len(text) >= 3 && text[0] == 0xEF {
		// A byte order mark mid-file: two files, each written by Windows
		// PowerShell with -Encoding utf8, joined with cat or copy /b.
		text = bytes.TrimPrefix(text, utf8BOM)
	}
	if mayBeFramed(text) || mayBeGrepped(text) {
		if n := framePrefixLen(text); n > 0 {
			text, framed = bytes.TrimSpace(text[n:]), true
		}
	}
	return bytes.TrimSpace(bytes.TrimPrefix(text, []byte("^C"))), framed
}

// columnSpaced reports a line column -t may have re-spaced: two spaces or
// more after its first word, as column puts between all its columns.
func columnSpaced(text []byte) bool {
	i := bytes.IndexByte(text, ' ')
	return i > 0 && i+1 < len(text) && text[i+1] == ' '
}

// collapseSpaces is text with every run of spaces and tabs made one space:
// a tail piped through `column -t` (util-linux column(1): words of every
// line aligned in columns, padded with spaces) read as the CLI printed it.
// The CLI's own fields are single words and never hold two spaces.
func collapseSpaces(text []byte) []byte {
	out := make([]byte, 0, len(text))
	for _, w := range bytes.Fields(text) {
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, w...)
	}
	return out
}

// tailFollows reports a line that belongs to the request before it,
// whatever that request was: a blank line, an error line, the piece of a
// line cut by a GitLab job log ("00O+") or a terminal's hard wrap (any
// unframed line that is neither a request nor the CLI's chatter). Next
// attaches such lines to a failed request, or reads them alone; either way
// they are read after the request line, so a chunk never starts with them
// (see fileChunks.follows). A line that is malformed rather than a piece is
// reported by whichever chunk reads it, in the same place.
func tailFollows(raw []byte) bool {
	var scratch []byte
	shown := tailShown(raw, &scratch)
	if gitlabContinuedLen(bytes.TrimSpace(shown)) > 0 {
		return true
	}
	text, framed := tailWordsFramed(shown)
	if len(text) == 0 {
		return true
	}
	if _, _, ok := tailErrorLine(text); ok {
		return true
	}
	// A row that only looks like chatter ("on account 'acct_…'…", see
	// proseChatter) may be a piece of a message: a chunk never starts there.
	return !framed && !startsLikeTailTime(text) && (!isTailChatter(text) || proseChatter(text))
}

// tailTextFollows is how a tail-text input is cut: never before a line
// that follows a request (tailFollows) nor inside a run of binary lines,
// which Next reports once (junkFollows). tailFollows takes nearly every
// line of binary data already; not one whose last redraw (what follows its
// last CR) starts like the CLI's chatter.
func tailTextFollows(line []byte) bool {
	return tailFollows(line) || junkFollows(line)
}

// wrapPiece reads line as the next piece of the pending request's Message
// line, and says what goes between it and the message so far:
//
//   - a GitLab job log's "00O+" piece (gitlabContinuedLen) joins with
//     nothing between;
//   - a terminal captured without its line joins (tmux capture-pane
//     without -J) cuts the message into rows of the pane's width, so the
//     permission's name, which comes last, lands on a row of its own. A
//     row is a piece when the row before filled the pane, and it is no
//     wider than the pane. The pieces join with nothing between, or with
//     one space where tmux trimmed it from the end of the row before (a
//     cut just after a space leaves that row one column short). The pane
//     is as wide as the widest row so far: when the first row is the only
//     full one and was cut after a space, that space is lost.
//
// A row that is a request, a label line, the CLI's chatter or framed is
// never a piece.
func (t *tailTextReader) wrapPiece(line, text []byte, framed bool) (piece, sep string, ok bool) {
	if framed {
		raw := bytes.TrimSpace(line)
		n := gitlabContinuedLen(raw)
		if n == 0 {
			return "", "", false
		}
		if t.wrap == 0 {
			return "", "", true // a piece of another error line: nothing to keep
		}
		return string(raw[n:]), "", true
	}
	if startsLikeTailTime(text) || isDate(text) {
		return "", "", false // the next request (or one column -t re-spaced): nearly every line after a message
	}
	if t.wrap < 0 {
		// The Message row as the CLI printed it: its label and the
		// message (stripe-cli pkg/logtailing/tailer.go, "%s: %s").
		t.wrap = len("Message: ") + utf8.RuneCountInString(apiErr(&t.pending).Message)
		t.wrapPrev = t.wrap
	}
	w := shownWidth(line)
	pane := max(t.wrap, w)
	if t.wrap < minWrapWidth-1 || t.wrapPrev < pane-1 || w > t.wrap+1 || isTailChatter(text) && !proseChatter(text) {
		return "", "", false
	}
	if label, _, ok := tailErrorLine(text); ok && tailErrorFields[label] != nil {
		return "", "", false
	}
	piece = string(bytes.TrimRight(line, " \r"))
	switch {
	case t.wrapPrev < pane:
		sep = " "
	case spaceBetween(apiErr(&t.pending).Message, piece):
		// The row before is as wide as any so far: it filled the pane,
		// or was one column short after tmux trimmed the space it was
		// cut after, in a pane no row has filled. The message's own
		// words say which.
		sep = " "
	}
	t.wrap, t.wrapPrev = pane, w
	return piece, sep, true
}

// joinWrappedRequest reads a request line that a terminal cut at the pane's
// width (tmux capture-pane without -J): line, rows that filled the pane, and
// a last row that ends the line with its request id. A long path (a query,
// nested ids) in a narrow pane takes several rows. The rows join with
// nothing between, or with the space tmux trimmed when the cut fell just
// before the "[req_…]" (a row cut after a space is one column short). The
// rows are read only when the joined line is a request with an id;
// otherwise they are left for Next. Peeking may move the buffer that line
// and text are in, so both are copied first, for the caller to go on with
// (its error message quoted the next rows' bytes, FuzzTailTextChunks found).
func (t *tailTextReader) joinWrappedRequest(line, text *[]byte) (Request, bool) {
	first := shownWidth(*line)
	if first < minWrapWidth {
		return Request{}, false
	}
	*line, *text = append([]byte(nil), *line...), append([]byte(nil), *text...)
	pane, prev := first, first
	joined := append([]byte(nil), *text...)
	rows := t.lr.peekLines(maxWrapRows, maxWrapRows*(4*first+2))
	for k, next := range rows {
		if bytes.IndexByte(next, 0x1b) >= 0 {
			return Request{}, false // a capture without -e has no escapes; -e keeps no cuts worth guessing
		}
		row := bytes.TrimRight(next, " \r")
		w := shownWidth(row)
		if len(row) == 0 || w > first+1 || !tailFollows(row) {
			return Request{}, false // a row of the line is one tailFollows marks, so that chunks agree
		}
		if words := tailWords(row); len(words) == 0 || startsLikeTailTime(words) || isDate(words) {
			return Request{}, false
		} else if label, _, ok := tailErrorLine(words); ok && tailErrorFields[label] != nil {
			return Request{}, false // the failed request's own error lines
		}
		spaced := prev < pane || bytes.HasPrefix(row, []byte("[req_")) // a space trimmed at the cut, or the id's
		r, ok := t.joinedRequest(joined, row, spaced && joined[len(joined)-1] != ' ')
		if !ok && !spaced && prev == first {
			// The first row may itself have been one column short.
			r, ok = t.joinedRequest(joined, row, true)
		}
		if ok {
			for range k + 1 {
				if _, err := t.lr.next(); err != nil {
					return Request{}, false
				}
			}
			return r, true
		}
		if spaced && joined[len(joined)-1] != ' ' {
			joined = append(joined, ' ')
		}
		joined = append(joined, row...)
		pane = max(pane, w)
		if w < pane-1 {
			return Request{}, false // the line ended on this row, and not as a request with an id
		}
		prev = w
	}
	return Request{}, false
}

// joinedRequest parses joined and row as one line (with a space between
// when space), and reports whether that is a request that ends with its id.
func (t *tailTextReader) joinedRequest(joined, row []byte, space bool) (Request, bool) {
	cand := joined
	if space {
		cand = append(cand[:len(cand):len(cand)], ' ')
	}
	cand = append(cand[:len(cand):len(cand)], row...)
	r, err := parseTailText(cand, &t.clock, false)
	return r, err == nil && strings.HasPrefix(r.RequestID, "req_") && bytes.HasSuffix(cand, []byte("]"))
}

// skipWrappedRows reads the rows a terminal cut off a line of chatter that
// filled the pane (tmux capture-pane without -J): the CLI's "Ready! You're
// now waiting to receive API request logs (^C to quit)" in a narrow pane,
// or the capture-pane command typed at the prompt at the end. Such a row
// is no wider than the line, is one tailFollows marks (so that chunks
// agree) and is neither a request nor a label line.
func (t *tailTextReader) skipWrappedRows(line []byte) {
	if len(line) < minWrapWidth {
		return // a rune takes a byte or more: too narrow to have been cut
	}
	// Measured before any peek, which may move the buffer line is in.
	pane := shownWidth(line)
	if pane < minWrapWidth || bytes.IndexByte(line, 0x1b) >= 0 {
		return
	}
	if head, _ := t.lr.peekHead(10, true); isDate(head) {
		return // nearly always: the next request
	}
	for range maxWrapRows {
		rows := t.lr.peekLines(1, 4*pane+2)
		if len(rows) == 0 || bytes.IndexByte(rows[0], 0x1b) >= 0 {
			return
		}
		row := bytes.TrimRight(rows[0], " \r")
		if len(row) == 0 || isDate(row) {
			return // nearly always: the next request
		}
		w := shownWidth(row)
		if w > pane || !tailFollows(row) {
			return
		}
		if words := tailWords(row); len(words) == 0 || startsLikeTailTime(words) || isDate(words) {
			return
		} else if _, _, ok := tailErrorLine(words); ok {
			return
		}
		if _, err := t.lr.next(); err != nil || w < pane-1 {
			return // the last row of the line
		}
	}
}

// maxWrapRows is how many rows after the first joinWrappedRequest reads:
// a request line is rarely over 300 columns, and a pane under 60.
const maxWrapRows = 6

// minWrapWidth is the narrowest pane whose hard wraps wrapPiece joins: a
// Stripe error message is far wider, and a narrower row is the end of it.
const minWrapWidth = 40

// shownWidth is how many columns a shown line takes on a terminal: its
// runes, without the spaces a capture trims from the end.
func shownWidth(line []byte) int {
	return utf8.RuneCount(bytes.TrimRight(line, " \r"))
}

// continuedNext reports whether the next line is a GitLab job log's
// continuation of the line just read ("00O+"), without reading it. When the
// next line's frame is not read yet, reading it may move the buffer text
// points into: text is copied first (and is no longer stable).
func (t *tailTextReader) continuedNext(text *[]byte, stable *bool) bool {
	head, complete := t.lr.peekHead(gitlabFrameMax, false)
	if !complete {
		*text, *stable = append([]byte(nil), *text...), false
		head, _ = t.lr.peekHead(gitlabFrameMax, true)
	}
	return gitlabContinuedLen(head) > 0
}

// gitlabFrameMax is the longest frame gitlabContinuedLen reads: a time
// with nanoseconds and an offset, and the stream tag.
const gitlabFrameMax = 48

// joinContinued reads the GitLab continuations that follow text and returns
// text with them joined on, in a slice of its own.
func (t *tailTextReader) joinContinued(text []byte) []byte {
	joined := append([]byte(nil), text...)
	var scratch []byte
	for {
		if head, _ := t.lr.peekHead(gitlabFrameMax, true); gitlabContinuedLen(head) == 0 {
			break
		}
		l, err := t.lr.next()
		if err != nil {
			// A piece too long to read is reported next, as chunks report
			// it (a line over the limit follows nothing); it was dropped
			// without a word (FuzzTailTextChunks seed 10158086b4dd66d5).
			if !errors.Is(err, io.EOF) {
				t.heldErr = err
			}
			break
		}
		raw := tailShown(l, &scratch)
		joined = append(joined, raw[gitlabContinuedLen(raw):]...)
	}
	return bytes.TrimSpace(joined)
}

// cut: a tail-text file is cut after its first request line, so that
// chunk 0 holds whatever comes before it (a prompt, a title: the preamble
// Next passes over) and every later chunk is read as coming after a
// request. It cannot be cut when that line is not in the bytes sniffing
// read, which only happens when the file does not start like a tail.
// A live stream (a pipe) is cut too: only ScanWorkers cuts one (see
// chunksOf), and its chunks end where the lines say, never on a pause, so
// the quiet rule is not needed there.
func (t *tailTextReader) cut() (cutPlan, bool) {
	lr := t.lr
	if lr.line != 0 || t.seen || t.waiting || t.held != nil {
		return cutPlan{}, false
	}
	head := lr.pre
	if lr.br != nil && lr.br.Buffered() > 0 {
		buffered, _ := lr.br.Peek(lr.br.Buffered())
		head = append(append(make([]byte, 0, len(head)+len(buffered)), head...), buffered...)
	}
	if _, end, ok := firstTailRequest(head, t.clock.loc, lr.max); ok {
		return cutPlan{lr: lr, origin: int64(end), follows: tailTextFollows}, true
	}
	return cutPlan{}, false
}

// firstTailRequest is the first line of head that reads as a tail's
// request line (a chunk's origin, see cut), and the offset after it.
func firstTailRequest(head []byte, loc *time.Location, max int) (r Request, end int, ok bool) {
	clock := localClock{loc: loc}
	var scratch []byte
	for off := 0; off < len(head); {
		i := bytes.IndexByte(head[off:], '\n')
		if i < 0 {
			break
		}
		raw := head[off : off+i]
		off += i + 1
		if len(raw) > max {
			continue
		}
		text := tailWords(tailShown(trimCR(raw), &scratch))
		if label, _, ok := tailErrorLine(text); len(text) == 0 || ok && label != "" {
			continue // never a request line (see Next)
		}
		if r, err := parseTailTextLine(text, &clock); err == nil {
			return r, off, true
		}
	}
	return Request{}, 0, false
}

// idsOf is what the first request line in head says of the log's request
// lines (see tailTextReader.ids).
func idsOf(head []byte, loc *time.Location, max int) int8 {
	switch r, _, ok := firstTailRequest(head, loc, max); {
	case !ok:
		return 0
	case r.RequestID == "":
		return -1
	}
	return 1
}

// chunkReader reads one chunk: chunk 0 as the start of the input, every
// other as following a request line.
func (t *tailTextReader) chunkReader(lr *lineReader, seq int, borrow bool) Reader {
	return cleanReader{&tailTextReader{lr: lr, clock: localClock{loc: t.clock.loc}, seen: seq > 0, borrow: borrow, maxPre: t.maxPre, ids: t.ids}}
}

// linkMode reads test or live mode from the OSC-8 link the CLI puts around
// the request id on a terminal: https://dashboard.stripe.com/test/logs/req_…
// in test mode, …/logs/req_… in live mode. nil when the line has no link.
func linkMode(raw []byte) *bool {
	const prefix = "\x1b]8;;https://dashboard.stripe.com/"
	i := bytes.Index(raw, []byte(prefix))
	if i < 0 {
		return nil
	}
	rest := raw[i+len(prefix):]
	var live bool
	switch {
	case bytes.HasPrefix(rest, []byte("test/logs/")):
		live = false
	case bytes.HasPrefix(rest, []byte("logs/")):
		live = true
	default:
		return nil
	}
	return &live
}

// joinedAt is where another record starts inside the request line r was
// read from, 0 when none does: the line lost its end and the next line
// went on on it. A request line holds no ": " after its status (a path has
// no space), so an error line's label there is one, when the line has no
// id; and a request line joined to it glues its date to the path or query
// read (".../cus_Q2026-03-04"), and its time and id follow. Lines with an
// id and no date at the end of their path are not looked through.
func joinedAt(text []byte, r *Request) int {
	noID := r.RequestID == ""
	if len(text) < 21 || !noID && !endsWithDate(r.Path) && !endsWithDate(r.Query) {
		return 0
	}
	at := 0
	if noID && bytes.Contains(text[20:], []byte(": ")) {
		for label := range tailErrorFields {
			if i := bytes.Index(text[20:], []byte(label+": ")); i >= 0 && (at == 0 || 20+i < at) {
				at = 20 + i
			}
		}
	}
	for i := 21; i+25 <= len(text) && (at == 0 || i < at); i++ {
		if isDigit(text[i]) && isTailLine(text[i:]) {
			return i
		}
	}
	return at
}

func endsWithDate(s string) bool {
	return len(s) >= 10 && isDate([]byte(s[len(s)-10:]))
}

// splitCRLines parts a raw line whose bare CRs end lines rather than
// redraw one: a piece of a classic Mac file, or of Excel's "CSV
// (Macintosh)", joined to a LF log. The CLI ends every request line with
// a newline, so a request line before a CR was never drawn over; read as
// a redraw (lastRedraw), it and every line after it up to the LF would be
// lost without a word. When a request line comes before the last CR, the
// line is read up to its first CR and the rest pushed back to be read
// next, under the same line number (and parted again if it must be). A
// spinner's redraws, with no request line before the last CR, are left
// whole to lastRedraw.
func (t *tailTextReader) splitCRLines(raw []byte) []byte {
	drawn := bytes.TrimRight(raw, "\r")
	last := bytes.LastIndexByte(drawn, '\r')
	if last < 0 {
		return raw
	}
	for p := range bytes.SplitSeq(drawn[:last], []byte{'\r'}) {
		shown := p
		if bytes.IndexByte(p, 0x1b) >= 0 {
			shown = stripANSI(p, nil)
		}
		if isTailLine(bytes.TrimSpace(shown)) {
			i := bytes.IndexByte(raw, '\r')
			t.lr.unread(raw[i+1:])
			return raw[:i]
		}
	}
	return raw
}

// lastRedraw keeps what a terminal shows of a line that was redrawn with
// carriage returns: the CLI's spinner writes "\r\x1b[K⣾ Getting ready..."
// ten times a second and "\r\x1b[K> Ready! …" over it, all on one line of a
// `script` capture.
func lastRedraw(line []byte) []byte {
	if bytes.IndexByte(line, '\r') < 0 {
		return line // nearly every line: one vector scan, not two byte loops
	}
	line = bytes.TrimRight(line, "\r")
	if i := bytes.LastIndexByte(line, '\r'); i >= 0 {
		return line[i+1:]
	}
	return line
}

func (t *tailTextReader) flush() Request {
	r := t.pending
	t.pending, t.waiting = Request{}, false
	return r
}

func isTailChatter(text []byte) bool {
	if len(text) == 0 {
		return false
	}
	for _, c := range tailChatterByFirst()[text[0]] {
		if bytes.HasPrefix(text, []byte(c)) {
			return true
		}
	}
	return isShellLine(text) || len(text) >= 10 && len(bytes.Trim(text, "*")) == 0 || isStripeCLILogLine(text)
}

// tailChatterByFirst is tailChatter by first byte: a malformed line was
// compared with every one of its 130 prefixes, a quarter of what it cost.
var tailChatterByFirst = sync.OnceValue(func() *[256][]string {
	var by [256][]string
	for _, c := range tailChatter {
		by[c[0]] = append(by[c[0]], c)
	}
	return &by
})

// isShellLine recognises the shell around a tail in a terminal capture: a
// prompt and the command typed after it (user@host:~$ exit, jenny@mbp ~ %
// exit, PS C:\Users\jenny> Stop-Transcript), or zsh's lone "%" after output
// that did not end its line.
func isShellLine(text []byte) bool {
	if len(text) == 1 {
		return text[0] == '%' || text[0] == '$' || text[0] == '#'
	}
	if len(text) > 6 && bytes.HasPrefix(text, []byte("PS ")) && text[4] == ':' && text[5] == '\\' {
		return bytes.IndexByte(text, '>') > 0
	}
	first := bytes.TrimLeftFunc(text, unicode.IsSpace) // bytes.Fields's first word
	if i := bytes.IndexFunc(first, unicode.IsSpace); i >= 0 {
		first = first[:i]
	}
	if at := bytes.IndexByte(first, '@'); at <= 0 || at == len(first)-1 {
		return false // not user@host (decided before the words are split)
	}
	words := bytes.Fields(text)
	// The prompt ends the first word (user@host:~$) or stands alone
	// after it (user@host ~ %).
	for i, w := range words[:min(len(words), 3)] {
		if end := w[len(w)-1]; end == '$' || end == '%' || end == '#' {
			return len(w) == 1 || i == 0
		}
	}
	return false
}

// tailErrorLine recognises "Label: value" lines that follow a failed request.
// Labels the table does not know (the CLI adds some over time: "Decline
// Code", "Doc URL"…) are still error lines; only their value is dropped.
func tailErrorLine(text []byte) (string, string, bool) {
	i := bytes.IndexByte(text, ':')
	if i <= 0 || i > 24 || i+1 >= len(text) || text[i+1] != ' ' {
		return "", "", false
	}
	label := string(text[:i])
	if _, ok := tailErrorFields[label]; ok {
		return label, strings.TrimSpace(string(text[i+1:])), true
	}
	for j, c := range text[:i] {
		letter := (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if !(letter || (c == ' ' && j > 0) || (c == '!' && j < 2) || c == '_' || c == '-') {
			return "", "", false
		}
	}
	for k := range tailErrorFields {
		if strings.EqualFold(k, label) {
			return k, strings.TrimSpace(string(text[i+1:])), true
		}
	}
	return "", strings.TrimSpace(string(text[i+1:])), true
}

// parseTailTextLine reads "YYYY-MM-DD HH:MM:SS [status] METHOD path [req_id]".
func parseTailTextLine(b []byte, clock *localClock) (Request, error) {
	return parseTailText(b, clock, false)
}

// parseTailText is parseTailTextLine; with borrow the record's strings
// alias b instead of copying it.
func parseTailText(b []byte, clock *localClock, borrow bool) (Request, error) {
	var r Request
	if len(b) < 19+4 || !looksLikeTimestamp(b) {
		return r, errors.New("no timestamp at the start")
	}
	t, ok := clock.at(b[:19])
	if !ok {
		return r, errors.New("bad timestamp " + snippet(b[:19]))
	}
	r.Time = t
	rest := b[19:]
	if !bytes.HasPrefix(rest, []byte(" [")) {
		return r, errors.New("no [status] after the time")
	}
	end := bytes.IndexByte(rest, ']')
	if end < 0 {
		return r, errors.New("no [status] after the time")
	}
	status, err := strconv.Atoi(string(rest[2:end]))
	if err != nil || status < 100 || status > 599 {
		return r, errors.New("bad status " + snippet(rest[2:end]))
	}
	r.Status = status
	rest = bytes.TrimLeft(rest[end+1:], " ")
	if bytes.HasPrefix(rest, []byte("[View path")) {
		// An event without method or url: the CLI prints "[200]  [View
		// path in dashboard] [req_…]". The request still happened; keep it.
		if open := bytes.LastIndex(rest, []byte(" [req_")); open >= 0 && rest[len(rest)-1] == ']' {
			r.RequestID = textOf(rest[open+2:len(rest)-1], borrow)
		}
		return r, nil
	}
	sp := bytes.IndexByte(rest, ' ')
	if sp < 0 {
		sp = len(rest)
	}
	if err := setMethod(&r, methodText(rest[:sp], borrow)); err != nil || r.Method == "" {
		return r, errors.New("no HTTP method after the status")
	}
	rest = bytes.TrimSpace(rest[sp:])
	// The request id is the last bracketed word.
	if n := len(rest); n > 0 && rest[n-1] == ']' {
		if open := lastSpaceBracket(rest); open >= 0 && !bytes.HasPrefix(rest[open+1:], []byte("[View path")) {
			r.RequestID = textOf(rest[open+2:n-1], borrow)
			rest = bytes.TrimSpace(rest[:open])
		} else if open < 0 && bytes.HasPrefix(rest, []byte("[req_")) {
			r.RequestID = textOf(rest[1:n-1], borrow)
			rest = nil
		}
	}
	if bytes.HasPrefix(rest, []byte("[View path in dashboard]")) {
		return r, nil // path unknown: kept, Path ""
	}
	if len(rest) == 0 {
		return r, nil
	}
	if rest[0] != '/' {
		return r, errors.New("path " + snippet(rest) + " does not start with /")
	}
	// Some CLI versions print the object id after the path: keep the path only.
	if sp := indexEither(rest, ' ', '\t'); sp >= 0 {
		rest = rest[:sp]
	}
	if err := setPath(&r, textOf(rest, borrow)); err != nil {
		return r, err
	}
	return r, nil
}

// textOf is b as a string: with borrow an alias of b, valid while b is
// (ScanWorkers' records), else a copy.
func textOf(b []byte, borrow bool) string {
	if borrow {
		return aliasString(b)
	}
	return string(b)
}

// methodText is textOf for a method: the CLI's own methods come as
// constants, which need neither a copy nor an alias.
func methodText(b []byte, borrow bool) string {
	switch string(b) {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "DELETE":
		return "DELETE"
	}
	return textOf(b, borrow)
}

// localClock reads the CLI's local "YYYY-MM-DD HH:MM:SS" times in loc. It
// keeps the start of the last minute it read: lines come many to a minute,
// and time.Date with a zone (or time.ParseInLocation, a fifth of reading a
// line before) then runs once a minute. A zone's offset never changes within
// a minute, so the seconds add on.
type localClock struct {
	loc    *time.Location
	minute [16]byte // "YYYY-MM-DD HH:MM" of base
	base   time.Time
}

// at reads b, 19 bytes that looksLikeTimestamp accepted, and reports false
// for a date or time that does not exist, as time.Parse does.
func (c *localClock) at(b []byte) (time.Time, bool) {
	sec := num2(b[17:])
	if sec > 59 {
		return time.Time{}, false
	}
	if !c.base.IsZero() && string(b[:16]) == string(c.minute[:]) {
		return c.base.Add(time.Duration(sec) * time.Second), true
	}
	year, month, day := num2(b)*100+num2(b[2:]), num2(b[5:]), num2(b[8:])
	hour, min := num2(b[11:]), num2(b[14:])
	if month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) || hour > 23 || min > 59 {
		return time.Time{}, false
	}
	c.base = time.Date(year, time.Month(month), day, hour, min, 0, 0, c.loc)
	copy(c.minute[:], b[:16])
	return c.base.Add(time.Duration(sec) * time.Second), true
}

// num2 is the value of the two ASCII digits at the start of b.
func num2(b []byte) int { return int(b[0]-'0')*10 + int(b[1]-'0') }

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// startsLikeTailTime is looksLikeTimestamp for a line of any length.
func startsLikeTailTime(b []byte) bool {
	return len(b) >= 19 && looksLikeTimestamp(b)
}

func looksLikeTimestamp(b []byte) bool {
	const shape = "dddd-dd-dd dd:dd:dd"
	for i := 0; i < len(shape); i++ {
		if shape[i] == 'd' {
			if b[i] < '0' || b[i] > '9' {
				return false
			}
		} else if b[i] != shape[i] {
			return false
		}
	}
	return true
}
