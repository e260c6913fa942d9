package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// sdkOp is a (verb, path) pair a stripe-go client can call.
type sdkOp struct {
	Method   string // GET, POST, DELETE
	Template string // "/v1/customers/{}/sources/{}": parameters unnamed
	Source   string // "customer/client.go"
}

var httpMethods = map[string]string{"MethodGet": "GET", "MethodPost": "POST", "MethodDelete": "DELETE"}

// ScanSDK finds every (verb, path) the stripe-go sources under dir can call:
// calls like c.B.Call(http.MethodGet, path, …) or c.BUploads.CallMultipart(…)
// whose path is a string literal or a variable assigned from one (directly or
// through stripe.FormatURLPath). A function that assigns path in several
// branches (bank accounts on customers or accounts) yields every branch.
func ScanSDK(dir string) ([]sdkOp, error) {
	seen := map[string]sdkOp{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != dir && (name == "testdata" || name == "example" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		rel, _ := filepath.Rel(dir, p)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			for _, op := range scanFunc(fn) {
				op.Source = filepath.ToSlash(rel)
				key := op.Method + " " + op.Template
				if _, dup := seen[key]; !dup {
					seen[key] = op
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]sdkOp, 0, len(seen))
	for _, op := range seen {
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Template != out[j].Template {
			return out[i].Template < out[j].Template
		}
		return out[i].Method < out[j].Method
	})
	return out, nil
}

func scanFunc(fn *ast.FuncDecl) []sdkOp {
	vars := map[string][]string{} // variable → path literals assigned to it
	type call struct{ method, arg string }
	var calls []call
	var literals []call
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range x.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || i >= len(x.Rhs) {
					continue
				}
				if lit, ok := pathLiteral(x.Rhs[i]); ok {
					vars[id.Name] = append(vars[id.Name], lit)
				}
			}
		case *ast.CallExpr:
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok || !strings.HasPrefix(sel.Sel.Name, "Call") || len(x.Args) < 2 {
				return true
			}
			m, ok := x.Args[0].(*ast.SelectorExpr)
			if !ok || httpMethods[m.Sel.Name] == "" {
				return true
			}
			method := httpMethods[m.Sel.Name]
			if lit, ok := pathLiteral(x.Args[1]); ok {
				literals = append(literals, call{method, lit})
			} else if id, ok := x.Args[1].(*ast.Ident); ok {
				calls = append(calls, call{method, id.Name})
			}
		}
		return true
	})
	var out []sdkOp
	for _, c := range literals {
		out = append(out, sdkOp{Method: c.method, Template: sdkTemplate(c.arg)})
	}
	for _, c := range calls {
		for _, lit := range vars[c.arg] {
			out = append(out, sdkOp{Method: c.method, Template: sdkTemplate(lit)})
		}
	}
	return out
}

// pathLiteral returns "/v1/…" from a string literal or from
// stripe.FormatURLPath("/v1/…/%s", …).
func pathLiteral(e ast.Expr) (string, bool) {
	if c, ok := e.(*ast.CallExpr); ok {
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "FormatURLPath" && len(c.Args) > 0 {
			e = c.Args[0]
		}
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil || !(strings.HasPrefix(s, "/v1/") || strings.HasPrefix(s, "/v2/")) {
		return "", false
	}
	return s, true
}

func sdkTemplate(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.Contains(s, "%") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// Shape is a template with its parameter names erased: the key under which
// the spec's, stripe-go's and the rules' spellings of one route meet.
func Shape(template string) string {
	segs := strings.Split(template, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// nameParams gives a stripe-go template's parameters names after the
// literal before them (/v1/skus/{} → /v1/skus/{sku}), since it has none.
func nameParams(shape string) string {
	orig := strings.Split(shape, "/")
	segs := append([]string(nil), orig...)
	used := map[string]int{}
	for i, s := range orig {
		if s != "{}" {
			continue
		}
		name := "id"
		if i > 0 && orig[i-1] != "{}" {
			name = singular(orig[i-1])
		}
		used[name]++
		if used[name] > 1 {
			name += strconv.Itoa(used[name])
		}
		segs[i] = "{" + name + "}"
	}
	return strings.Join(segs, "/")
}

func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "xes"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss"):
		return s[:len(s)-1]
	}
	return s
}
