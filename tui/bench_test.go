package tui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// manyOperations is a manifest with n operations spread over n/4 permissions.
func manyOperations(n int) *migrate.Manifest {
	m := sampleManifest()
	m.Permissions = nil
	for i := 0; i < n; i++ {
		if i%4 == 0 {
			m.Permissions = append(m.Permissions, migrate.PermissionEntry{Name: fmt.Sprintf("thing%04d_write", i), Label: "Thing Write", Reason: "observed", Known: true})
		}
		p := &m.Permissions[len(m.Permissions)-1]
		p.Evidence = append(p.Evidence, migrate.Evidence{Operation: fmt.Sprintf("POST /v1/op/%04d", i), Count: n - i,
			LastSeen: sampleDay.Add(-time.Duration(i) * time.Minute), Provenance: "derived"})
	}
	return m
}

// BenchmarkReviewView1000 renders the Review screen over 1,000 operations:
// the frame a user sees while a large log's proposal is on screen.
func BenchmarkReviewView1000(b *testing.B) {
	app := New(Options{Engine: newFakeEngine(), Manifest: manyOperations(1000), ManifestPath: "m.yaml"})
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	app.Update(gotoMsg{to: screenReview})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = app.View()
	}
}

// BenchmarkReviewFilter1000 is one keystroke in the filter over 1,000 rows.
func BenchmarkReviewFilter1000(b *testing.B) {
	app := New(Options{Engine: newFakeEngine(), Manifest: manyOperations(1000), ManifestPath: "m.yaml"})
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	app.Update(gotoMsg{to: screenReview})
	app.Update(keyMsg("/"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		app.Update(keyMsg("7"))
		_ = app.View()
		app.Update(keyMsg("backspace"))
	}
}

// BenchmarkSourcesProgress is one progress message and the frame after it.
func BenchmarkSourcesProgress(b *testing.B) {
	eng := newFakeEngine()
	app := New(Options{Engine: eng, ManifestPath: "m.yaml"})
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	src := app.screens[screenSources].(*sourcesScreen)
	src.add([]Source{{Kind: SourceFile, Name: "big.jsonl"}})
	ch := make(chan tea.Msg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		app.Update(ingestProgressMsg{job: 1, p: Progress{Source: "big.jsonl", Format: "tail-json", Requests: i}, ch: ch})
		_ = app.View()
	}
}
