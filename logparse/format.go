package logparse

import (
	"fmt"
	"strings"
)

// formatInfo describes each format: what --input-format takes and what users
// see in listings.
var formatInfo = []struct {
	format Format
	about  string
}{
	{FormatTailText, "`stripe logs tail` text output (plain, captured from a terminal, or an asciinema recording)"},
	{FormatTailJSON, "`stripe logs tail --format JSON` (compact lines or pretty-printed objects)"},
	{FormatCSV, "CSV/TSV tables of request logs: with a header row, or without one as jq and uniq -c write them"},
	{FormatJSON, "a JSON array or JSON Lines of request objects"},
	{FormatHAR, "HAR 1.2 captures from browser dev tools or proxies"},
	{FormatSDK, "Stripe SDK debug logs and application logs with 403 messages"},
}

// Formats lists every format rakmigrate reads, in the order sniffing prefers.
func Formats() []Format {
	out := make([]Format, len(formatInfo))
	for i, f := range formatInfo {
		out[i] = f.format
	}
	return out
}

// About says in a few words what a format is.
func (f Format) About() string {
	for _, fi := range formatInfo {
		if fi.format == f {
			return fi.about
		}
	}
	return ""
}

// ParseFormat turns an --input-format value into a Format. "" and "auto" mean
// sniffing (FormatUnknown).
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	switch name {
	case "", "auto":
		return FormatUnknown, nil
	}
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	if alias, ok := formatAliases[name]; ok {
		return alias, nil
	}
	return FormatUnknown, fmt.Errorf("%w %q: valid formats are %s (or auto)", ErrUnknownFormat, s, formatList())
}

// formatAliases accepts the spellings users reach for first.
var formatAliases = map[string]Format{
	"text": FormatTailText, "tail": FormatTailText, "jsonl": FormatJSON, "ndjson": FormatJSON,
	"tsv": FormatCSV, "log": FormatSDK, "tailjson": FormatTailJSON, "tail_json": FormatTailJSON,
	"tailtext": FormatTailText, "tail_text": FormatTailText,
}

func formatList() string {
	names := make([]string, 0, len(formatInfo))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}
