package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws a one-line bar on stderr while a long job runs. It draws
// only when stderr is a terminal; piped or redirected, it prints nothing at
// all, so scripts and logs stay clean. Updates are throttled.
type progressBar struct {
	w       io.Writer // nil: not a terminal, draw nothing
	label   string
	now     func() time.Time
	last    time.Time
	drawn   bool
	started time.Time
}

// progressEvery is the shortest time between two redraws.
const progressEvery = 100 * time.Millisecond

// newProgressBar returns a bar for f's stderr (a no-op when not a TTY).
func newProgressBar(f *Factory, label string) *progressBar {
	p := &progressBar{label: label, now: f.Now}
	if f.IO.ErrTTY {
		p.w = f.IO.ErrOut
		p.started = f.Now()
	}
	return p
}

// Update redraws for done of total bytes (total 0 when unknown).
func (p *progressBar) Update(done, total int64) {
	if p == nil || p.w == nil {
		return
	}
	now := p.now()
	if p.drawn && now.Sub(p.last) < progressEvery {
		return
	}
	p.last, p.drawn = now, true
	fmt.Fprint(p.w, "\r\033[K"+renderProgress(p.label, done, total, now.Sub(p.started)))
	p.flush()
}

// flush hands the bar to the terminal now. stderr redacts keys, and holds
// back a line until its newline so that a key written in two pieces is
// still seen whole; the bar never ends its line, so without this it showed
// only in bursts, once 4 KiB of redraws had piled up. The bar's own text
// (a label and numbers) holds no key.
func (p *progressBar) flush() {
	if f, ok := p.w.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
}

// Done clears the bar so the next output starts on a clean line.
func (p *progressBar) Done() {
	if p == nil || p.w == nil || !p.drawn {
		return
	}
	fmt.Fprint(p.w, "\r\033[K")
	p.flush()
	p.drawn = false
}

const progressWidth = 24

// renderProgress is the bar's text: "label [#####·····]  42%  12.0/28.5 MiB  40.1 MiB/s".
func renderProgress(label string, done, total int64, elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(label)
	if total > 0 {
		if done > total {
			done = total
		}
		filled := int(done * progressWidth / total)
		b.WriteString(" [" + strings.Repeat("#", filled) + strings.Repeat("·", progressWidth-filled) + "]")
		fmt.Fprintf(&b, " %3d%%  %s/%s", done*100/total, mib(done), mib(total))
	} else {
		fmt.Fprintf(&b, " %s", mib(done))
	}
	b.WriteString(" MiB")
	if secs := elapsed.Seconds(); secs > 0.2 {
		fmt.Fprintf(&b, "  %.1f MiB/s", float64(done)/(1<<20)/secs)
	}
	return b.String()
}

func mib(n int64) string { return fmt.Sprintf("%.1f", float64(n)/(1<<20)) }
