package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// startIngest runs an ingest in the background. Progress comes back as a
// stream of ingestProgressMsg, each re-arming the wait for the next, and
// ends with one ingestDoneMsg. Progress is coalesced: a slow UI sees the
// latest snapshot, never a backlog.
func startIngest(ctx context.Context, e Engine, job int, sources []Source) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 1)
		go runIngest(ctx, e, job, sources, ch)
		return waitFor(ch)()
	}
}

// runIngest reads in the background and sends what happens on ch.
func runIngest(ctx context.Context, e Engine, job int, sources []Source, ch chan tea.Msg) {
	latest := make(chan Progress, 1)
	done := make(chan struct{})
	var forwarding sync.WaitGroup
	forwarding.Add(1)
	go func() {
		defer forwarding.Done()
		for {
			select {
			case p := <-latest:
				select {
				case ch <- ingestProgressMsg{job: job, p: p, ch: ch}:
				case <-done:
					return
				}
			case <-done:
				return
			}
			// At most ~20 frames a second from progress alone.
			time.Sleep(50 * time.Millisecond)
		}
	}()
	in, err := e.Ingest(ctx, sources, func(p Progress) {
		select {
		case latest <- p:
		default:
			select {
			case <-latest:
			default:
			}
			select {
			case latest <- p:
			default:
			}
		}
	})
	close(done)
	forwarding.Wait() // nothing else sends on ch from here on
	// Let the last snapshot through before the end.
	select {
	case p := <-latest:
		ch <- ingestProgressMsg{job: job, p: p, ch: ch}
	default:
	}
	ch <- ingestDoneMsg{job: job, in: in, err: err}
	close(ch)
}

// waitFor delivers the next message of a background job.
func waitFor(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func saveCmd(e Engine, m *migrate.Manifest, path string) tea.Cmd {
	if m == nil || path == "" {
		return nil
	}
	return func() tea.Msg {
		err := e.Save(m, path)
		return savedMsg{path: path, at: time.Now(), err: err}
	}
}

func planCmd(e Engine, m *migrate.Manifest) tea.Cmd {
	if m == nil {
		return nil
	}
	return func() tea.Msg {
		res, err := e.Plan(m)
		return planMsg{res: res, err: err}
	}
}

func copyCmd(copyFn func(string) error, what, text string) tea.Cmd {
	return func() tea.Msg {
		if copyFn == nil {
			return copiedMsg{what: what, err: fmt.Errorf("this terminal offers no clipboard; select the text instead")}
		}
		return copiedMsg{what: what, err: copyFn(text)}
	}
}

// exportCmd writes an exported plan atomically.
func exportCmd(path string, data []byte) tea.Cmd {
	return func() tea.Msg {
		return exportedMsg{path: path, err: writeFileAtomic(path, data)}
	}
}

// writeFileAtomic writes data (redacted) to a temp file in the same
// directory, syncs it and renames it into place, so a crash leaves either
// the old file or the new one.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(secrets.RedactBytes(data)); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
