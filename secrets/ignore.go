package secrets

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// IgnoreFileName is the allowlist of paths scan skips, at the root of the
// scanned tree (the git work tree, or the current directory).
const IgnoreFileName = ".rakmigrate-ignore"

// AllowMarker on a line keeps scan from reporting keys on that line.
const AllowMarker = "rakmigrate:allow"

// IgnoreList is a parsed .rakmigrate-ignore: gitignore-style patterns, one a
// line, '#' comments, '!' to re-include, the last matching pattern winning.
type IgnoreList struct{ rules []ignoreRule }

type ignoreRule struct {
	pattern string
	negate  bool
	re      *regexp.Regexp
}

// ParseIgnore reads an ignore file; name is used in errors only.
func ParseIgnore(name string, r io.Reader) (*IgnoreList, error) {
	l := &IgnoreList{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rule := ignoreRule{pattern: line}
		if strings.HasPrefix(line, "!") {
			rule.negate, line = true, line[1:]
		}
		re, err := globToRegexp(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: pattern %q: %w (patterns use gitignore syntax: *, **, ?, [abc])", name, n, rule.pattern, err)
		}
		rule.re = re
		l.rules = append(l.rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return l, nil
}

// Match reports whether path (slash-separated, relative to the ignore file's
// directory) is ignored.
func (l *IgnoreList) Match(path string) bool {
	if l == nil {
		return false
	}
	ignored := false
	for _, r := range l.rules {
		if r.negate == ignored && r.re.MatchString(path) {
			ignored = !r.negate
		}
	}
	return ignored
}

// Len is the number of patterns.
func (l *IgnoreList) Len() int {
	if l == nil {
		return 0
	}
	return len(l.rules)
}

// globToRegexp turns one gitignore-style pattern into an anchored regexp. A
// pattern without a slash matches a name at any depth; a leading slash anchors
// it to the root; a match on a directory covers everything beneath it.
func globToRegexp(p string) (*regexp.Regexp, error) {
	dirOnly := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	anchored := strings.Contains(p, "/")
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			if strings.HasPrefix(p[i:], "**/") {
				b.WriteString("(?:.*/)?")
				i += 2
			} else if strings.HasPrefix(p[i:], "**") {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			end := strings.IndexByte(p[i+1:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed [")
			}
			class := p[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteString(regexp.QuoteMeta(p[i : i+1]))
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if dirOnly {
		b.WriteString("/.*$")
	} else {
		b.WriteString("(?:/.*)?$")
	}
	return regexp.Compile(b.String())
}
