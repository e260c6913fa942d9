package tui

import (
	"time"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// evidenceView is the part of a manifest's evidence the screens show.
type evidenceView struct {
	op    string
	count int
	last  time.Time
	prov  string
}

func evidenceOf(ev []migrate.Evidence) []evidenceView {
	out := make([]evidenceView, 0, len(ev))
	for _, e := range ev {
		out = append(out, evidenceView{op: e.Operation, count: e.Count, last: e.LastSeen, prov: e.Provenance})
	}
	return out
}
