// Package logparse detects the format of a Stripe request log and streams the
// requests in it, each with the file and line it came from.
//
// It knows nothing about permissions: it turns what a user really has
// (`stripe logs tail` output, Dashboard exports, HAR files, SDK debug logs)
// into Request values, and reports bad input with positions.
//
// Where things are:
//
//   - contract.go: the package's contract (Reader, Options, Format);
//     request.go, window.go, errors.go: what comes out (Request, Window,
//     ParseError and its kinds); format.go: the format names.
//   - scan.go, expand.go: Scan and the inputs (globs, directories, stdin);
//     workers.go: ScanWorkers, for consumers that only aggregate.
//   - open.go: Open, sniffing a format, decompression and transcoding;
//     lines.go, live.go: lines with numbers and limits, and live streams.
//   - one reader per format: tailtext.go (tailcli.go: the CLI's own debug
//     log around a tail), jsonstream.go (tail-json and JSON lines; the hot
//     path in tailline.go and tailfast.go), jsonarray.go, csvlog.go, har.go,
//     sdk.go with sdk_scan.go (sdk_wire.go: curl -v and HTTPie
//     transcripts; sdk_jsonblock.go: requests described by pretty-printed
//     JSON, such as a Sentry event's breadcrumbs; sdk_syslog.go: the year
//     a syslog date leaves out); ciprefix.go reads the frame CI runners,
//     container runtimes and the journal put in front of each line (and a
//     GitLab log's "00O+" pieces of one line), grepprefix.go the
//     "file:N:" grep and Select-String put there; fields.go maps
//     column and key names to Request fields for the table and JSON
//     formats; offsets.go turns a JSON decoder's byte offsets into lines
//     and columns.
//   - chunks.go: cutting a large input into line-aligned chunks (tail-json,
//     JSON lines, tail-text, whose error lines stay with their request);
//     parallel.go and workers.go decode them on every core.
//   - clean.go, ansi.go: what outside text must lose before anyone shows it;
//     denial.go: 403 permission messages wherever they appear.
package logparse
