package proxy

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxFormPeek bounds how much of a form body the proxy reads to find
// expand[] parameters. Stripe's form bodies are small; a larger one is
// forwarded untouched (and its expansions are not checked).
const maxFormPeek = 64 << 10

// formExpand returns the expand[] parameters of a form-encoded request body
// (SDKs send them there on POST) as a query string for the catalog, and puts
// the body back so the upstream receives it byte for byte.
func formExpand(r *http.Request) string {
	if r.Body == nil || r.Body == http.NoBody ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return ""
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, maxFormPeek+1))
	r.Body = replayBody{Reader: io.MultiReader(bytes.NewReader(head), r.Body), Closer: r.Body}
	if err != nil || len(head) > maxFormPeek {
		return ""
	}
	vals, err := url.ParseQuery(string(head))
	if err != nil {
		return ""
	}
	var q url.Values
	for k, vs := range vals {
		// expand[]=a and the indexed form expand[0]=a both occur.
		if k == "expand[]" || (strings.HasPrefix(k, "expand[") && strings.HasSuffix(k, "]")) {
			for _, v := range vs {
				if q == nil {
					q = url.Values{}
				}
				q.Add("expand[]", v)
			}
		}
	}
	return q.Encode()
}

type replayBody struct {
	io.Reader
	io.Closer
}
