package logparse

import "bytes"

// elementHints are the key names an array element is looked at for before
// it is decoded: whether it nests a list of records (descend) or is a
// capture another tool wrote (capturedElements). Each is a bit of what
// hintsOf finds.
type elementHints uint16

const (
	hintNests            elementHints = 1 << iota // "events", "results", "spans", "…Spans", "Segments", "Document"
	hintActualPort                                // Charles: "actualPort"
	hintProtocolVersion                           // Charles: "protocolVersion"
	hintTunnel                                    // Charles: "tunnel"
	hintAssertionResults                          // Bruno: "assertionResults"
	hintFilename                                  // Bruno: "filename"
)

// quotedHints are the hints that are a whole quoted name; nestsSuffix is
// the one that ends one (resourceSpans, scopeSpans,
// instrumentationLibrarySpans).
var quotedHints = []struct {
	name string
	bit  elementHints
}{
	{`"events"`, hintNests}, {`"results"`, hintNests}, {`"spans"`, hintNests}, {`"Segments"`, hintNests}, {`"Document"`, hintNests},
	{`"actualPort"`, hintActualPort}, {`"protocolVersion"`, hintProtocolVersion}, {`"tunnel"`, hintTunnel},
	{`"assertionResults"`, hintAssertionResults}, {`"filename"`, hintFilename},
}

const nestsSuffix = `Spans"`

// hintsByByte lists quotedHints by the byte after their opening quote.
var hintsByByte = func() (t [256][]int) {
	for i, h := range quotedHints {
		t[h.name[1]] = append(t[h.name[1]], i)
	}
	return t
}()

// hintsOf says which hints raw holds anywhere, as bytes.Contains would
// for each name, in one pass over its quotes instead of one pass per
// name: every name starts or ends at a quote, and an element's quotes
// are few next to its bytes.
func hintsOf(raw []byte) elementHints {
	var h elementHints
	for q := 0; ; q++ {
		i := bytes.IndexByte(raw[q:], '"')
		if i < 0 {
			return h
		}
		q += i
		if q >= len(nestsSuffix)-1 && string(raw[q+1-len(nestsSuffix):q+1]) == nestsSuffix {
			h |= hintNests
		}
		if q+1 < len(raw) {
			for _, k := range hintsByByte[raw[q+1]] {
				if bytes.HasPrefix(raw[q:], []byte(quotedHints[k].name)) {
					h |= quotedHints[k].bit
				}
			}
		}
	}
}

// charlesHints and brunoHints are what isCharlesTransaction and
// isBrunoResult look for.
func charlesHints(h elementHints) bool {
	return h&hintActualPort != 0 && h&(hintProtocolVersion|hintTunnel) != 0
}

func brunoHints(h elementHints) bool {
	return h&hintAssertionResults != 0 && h&hintFilename != 0
}
