package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/rakmigrate/rakmigrate/migrate"
)

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func lipglossWidth(s string) int { return lipgloss.Width(s) }

func roundFixture() migrate.Round {
	return migrate.Round{N: 1, At: time.Date(2026, 10, 20, 11, 0, 0, 0, time.UTC), Denials: 2,
		Added: []migrate.Addition{{Name: "subscription_read", From: "403 on GET /v1/subscriptions"}}}
}
