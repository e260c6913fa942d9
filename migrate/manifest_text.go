package migrate

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// checkText refuses a manifest whose text holds a control character other
// than tab and line ends. YAML's "\e" and JSON's "\u001b" decode to ESC,
// and a manifest's notes, evidence and sources are shown on the terminal of
// whoever runs `report` or `check` on it: in CI, that can be a manifest
// from someone else's pull request, and an ESC starts a terminal sequence
// (rewriting the screen, setting the clipboard). The text rakmigrate puts
// in a manifest is already clean (logparse cleans what it reads), so only a
// hand edit meets this.
func checkText(m *Manifest) error {
	return walkText(reflect.ValueOf(m).Elem(), "")
}

func walkText(v reflect.Value, where string) error {
	switch v.Kind() {
	case reflect.String:
		if r, ok := controlRune(v.String()); ok {
			return fmt.Errorf("%s holds the control character %U: a manifest is plain text (remove it)", where, r)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walkText(v.Elem(), where)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walkText(v.Index(i), fmt.Sprintf("%s[%d]", where, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := fmt.Sprint(iter.Key())
			if err := walkText(iter.Key(), where+" key "+k); err != nil {
				return err
			}
			if err := walkText(iter.Value(), where+"."+k); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue // time.Time and the like hold no text
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				name = strings.ToLower(f.Name)
			}
			if where != "" {
				name = where + "." + name
			}
			if err := walkText(v.Field(i), name); err != nil {
				return err
			}
		}
	}
	return nil
}

// controlRune finds the first C0 control other than tab, LF and CR, DEL, or
// C1 control (which some terminals obey like their 7-bit forms) in s.
func controlRune(s string) (rune, bool) {
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError {
			return r, true
		}
	}
	return 0, false
}
