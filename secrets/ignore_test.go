package secrets

import (
	"strings"
	"testing"
)

func TestIgnoreMatch(t *testing.T) {
	list, err := ParseIgnore(".rakmigrate-ignore", strings.NewReader(`
# comment
*_test.go
testdata/
/vendor
docs/**/*.md
fixtures/?.env
keys/[abc].txt
build/**
!testdata/keep.txt
\#literal
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{"a_test.go", true},
		{"pkg/deep/x_test.go", true},
		{"a_test.go.bak", false},
		{"testdata/k.txt", true},
		{"pkg/testdata/sub/k.txt", true},
		{"testdata", false}, // the dir pattern covers what is inside
		{"testdata/keep.txt", false},
		{"vendor/lib/a.go", true},
		{"pkg/vendor/a.go", false},
		{"docs/a.md", true},
		{"docs/x/y/a.md", true},
		{"docs/a.txt", false},
		{"fixtures/a.env", true},
		{"fixtures/ab.env", false},
		{"keys/b.txt", true},
		{"keys/d.txt", false},
		{"build/out/x", true},
		{"#literal", true},
		{"main.go", false},
	}
	for _, tt := range tests {
		if got := list.Match(tt.path); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	var none *IgnoreList
	if none.Match("x") || none.Len() != 0 {
		t.Error("nil list matches")
	}
}

func TestIgnoreErrors(t *testing.T) {
	_, err := ParseIgnore("repo/.rakmigrate-ignore", strings.NewReader("ok\n\nkeys/[abc.txt\n"))
	if err == nil || !strings.Contains(err.Error(), "repo/.rakmigrate-ignore:3:") || !strings.Contains(err.Error(), "gitignore syntax") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParseIgnore(f *testing.F) {
	for _, s := range []string{"*_test.go\ntestdata/\n!keep", "/a/**/b?\n[!x]y", "\\", "[", "**", "/"} {
		f.Add(s, "a/b/c_test.go")
	}
	f.Fuzz(func(t *testing.T, file, path string) {
		l, err := ParseIgnore("f", strings.NewReader(file))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		l.Match(path) // must not panic
	})
}
