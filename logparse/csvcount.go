package logparse

import (
	"fmt"
	"strconv"
	"strings"
)

// Aggregated tables stand for many requests per row: a BI tool's or a log
// platform's "count by method, path" (Splunk's `stats count by`, Datadog's
// and Kibana's facet counts, Looker's and Metabase's Count measure, a
// Sheets pivot's COUNTA), saved as CSV. The count column is read in tables
// only: in a JSON log line "count" means anything (a list's size).

// countColumnNames are the normalised names (normKey) of a count column.
var countColumnNames = map[string]bool{
	"count": true, "requests": true, "requestcount": true, "numrequests": true, "calls": true,
	"callcount": true, "hits": true, "counta": true, "countofrecords": true,
}

// isCountColumn reports a count column's header: one of countColumnNames,
// or a pivot's "COUNTA of Request ID" / "Count of URL".
func isCountColumn(norm string) bool {
	return countColumnNames[norm] || strings.HasPrefix(norm, "countof") || strings.HasPrefix(norm, "countaof")
}

// parseRowCount reads a count cell as spreadsheets write it: 1234, with
// thousands grouped by a comma, a point, a space, a no-break or narrow
// no-break space or an apostrophe (1,234  1.234  1 234  1'234), or as a
// float with a zero fraction (pandas: 1234.0). An empty cell is one request.
func parseRowCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 1, nil
	}
	digits := s
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 != 3 && strings.Trim(s[i+1:], "0") == "" {
		digits = s[:i] // a zero fraction: "12.0", "12,00"
	}
	digits = ungroup(digits)
	if !isDigits(digits) || len(digits) > 9 {
		return 0, fmt.Errorf("count %q is not a whole number of requests", s)
	}
	n, _ := strconv.Atoi(digits)
	if n > maxRowCount {
		return 0, fmt.Errorf("count %s out of range (at most %d per row)", s, maxRowCount)
	}
	return n, nil
}

// ungroup drops one kind of thousands separator from s, when every group
// after the first holds three digits; s is returned as is otherwise.
func ungroup(s string) string {
	for _, sep := range []string{",", ".", " ", "\u00a0", "\u202f", "'", "\u2019"} {
		if !strings.Contains(s, sep) {
			continue
		}
		groups := strings.Split(s, sep)
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return s
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return s
			}
		}
		return strings.Join(groups, "")
	}
	return s
}
