package awscli

import (
	"bytes"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PrintJSON writes v as `aws --output json` prints a response: Python's
// json layout with four-space indents, members in order, nothing at all for
// an empty response.
func PrintJSON(w io.Writer, v *Object) error {
	if v.Len() == 0 {
		return nil
	}
	var b bytes.Buffer
	writeJSON(&b, v, 0)
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// PrintText writes v as `aws --output text` does: tab-separated rows named
// after their list, scalar members in key order, NEXTTOKEN last.
func PrintText(w io.Writer, v *Object) error {
	var b bytes.Buffer
	// Like the AWS CLI, which prints the token of a paged response after
	// the pages.
	if tok, ok := v.Get("NextToken"); ok {
		rest := v.clone()
		rest.del("NextToken")
		writeText(&b, rest)
		textValue(&b, "NEXTTOKEN", tok)
	} else {
		writeText(&b, v)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// PrintTable writes v as a table titled title (the operation's name), a
// readable approximation of `aws --output table`.
func PrintTable(w io.Writer, title string, v *Object) error {
	var b bytes.Buffer
	writeTable(&b, title, v)
	_, err := w.Write(b.Bytes())
	return err
}

// isScalar reports whether v prints as one cell.
func isScalar(v any) bool {
	switch v.(type) {
	case []any, *Object:
		return false
	}
	return true
}

// scalarText is how a scalar prints in text and table output (Python's
// str()).
func scalarText(v any) string {
	return pyRepr(v, true)
}

// splitKeys returns o's scalar and non-scalar keys, each sorted, which is
// the order the text and table formats use.
func splitKeys(o *Object) (scalars, nested []string) {
	for _, k := range o.keys {
		v, _ := o.Get(k)
		if isScalar(v) {
			scalars = append(scalars, k)
		} else {
			nested = append(nested, k)
		}
	}
	sort.Strings(scalars)
	sort.Strings(nested)
	return scalars, nested
}

// writeText writes the text format: one tab-separated line per object, its
// scalar values in key order, prefixed by the upper-cased name of the list
// or member it came from; nested lists and objects follow on their own
// lines. Top-level scalars print without a prefix.
func writeText(b *bytes.Buffer, v any) {
	textValue(b, "", v)
}

func textValue(b *bytes.Buffer, ident string, v any) {
	switch t := v.(type) {
	case *Object:
		scalars, nested := splitKeys(t)
		if len(scalars) > 0 {
			var row []string
			if ident != "" {
				row = append(row, ident)
			}
			for _, k := range scalars {
				sv, _ := t.Get(k)
				row = append(row, scalarText(sv))
			}
			b.WriteString(strings.Join(row, "\t"))
			b.WriteByte('\n')
		}
		for _, k := range nested {
			nv, _ := t.Get(k)
			textValue(b, strings.ToUpper(k), nv)
		}
	case []any:
		if len(t) == 0 {
			return
		}
		allScalar := true
		for _, e := range t {
			allScalar = allScalar && isScalar(e)
		}
		if allScalar {
			// As the AWS CLI's text formatter does: under a key, one
			// "KEY\tvalue" line per element; a bare list on one line.
			if ident != "" {
				for _, e := range t {
					b.WriteString(ident + "\t" + scalarText(e) + "\n")
				}
				return
			}
			row := make([]string, 0, len(t))
			for _, e := range t {
				row = append(row, scalarText(e))
			}
			b.WriteString(strings.Join(row, "\t"))
			b.WriteByte('\n')
			return
		}
		for _, e := range t {
			textValue(b, ident, e)
		}
	default:
		if ident != "" {
			b.WriteString(ident + "\t")
		}
		b.WriteString(scalarText(t))
		b.WriteByte('\n')
	}
}

// A table is a stack of titled sections, each nested one level deeper than
// the object or list it belongs to; nesting shows as an extra "|" on both
// sides, as in the AWS CLI's table output.
type tableSection struct {
	indent  int
	title   string
	headers []string   // column titles (none for key/value rows)
	rows    [][]string // cells
}

type tableBuilder struct{ sections []*tableSection }

func (tb *tableBuilder) section(indent int, title string) *tableSection {
	s := &tableSection{indent: indent, title: title}
	tb.sections = append(tb.sections, s)
	return s
}

func (tb *tableBuilder) build(title string, v any, indent int) {
	switch t := v.(type) {
	case *Object:
		if t.Len() == 0 {
			return
		}
		s := tb.section(indent, title)
		scalars, nested := splitKeys(t)
		switch len(scalars) {
		case 0:
		case 1:
			sv, _ := t.Get(scalars[0])
			s.rows = append(s.rows, []string{scalars[0], scalarText(sv)})
		default:
			s.headers = scalars
			var row []string
			for _, k := range scalars {
				sv, _ := t.Get(k)
				row = append(row, scalarText(sv))
			}
			s.rows = append(s.rows, row)
		}
		for _, k := range nested {
			nv, _ := t.Get(k)
			tb.build(k, nv, indent+1)
		}
	case []any:
		if len(t) == 0 {
			return
		}
		if _, ok := t[0].(*Object); !ok {
			s := tb.section(indent, title)
			for _, e := range t {
				if isScalar(e) {
					s.rows = append(s.rows, []string{scalarText(e)})
				}
			}
			return
		}
		// A list of objects: one header of all their scalar keys; an
		// object with nested values gets its own section so that its
		// children print right under it.
		seen := map[string]bool{}
		var headers []string
		for _, e := range t {
			if o, ok := e.(*Object); ok {
				sc, _ := splitKeys(o)
				for _, k := range sc {
					if !seen[k] {
						seen[k] = true
						headers = append(headers, k)
					}
				}
			}
		}
		sort.Strings(headers)
		var s *tableSection
		for i, e := range t {
			o, ok := e.(*Object)
			if !ok {
				continue
			}
			_, nested := splitKeys(o)
			if s == nil || (i > 0 && len(nested) > 0) || len(nested) > 0 && s.rows != nil {
				s = tb.section(indent, title)
				s.headers = headers
			}
			row := make([]string, len(headers))
			for j, h := range headers {
				if hv, ok := o.Get(h); ok {
					row[j] = scalarText(hv)
				}
			}
			s.rows = append(s.rows, row)
			for _, k := range nested {
				nv, _ := o.Get(k)
				tb.build(k, nv, indent+1)
			}
			if len(nested) > 0 {
				s = nil
			}
		}
	}
}

// writeTable renders v as a table titled title.
func writeTable(b *bytes.Buffer, title string, v *Object) {
	var tb tableBuilder
	tb.build(title, v, 0)
	if len(tb.sections) == 0 {
		return
	}
	// The table is as wide as its widest section needs. When that is
	// wider than the terminal, every section lists its values one per row
	// instead, as the AWS CLI does.
	width := tb.width()
	if width > terminalWidth() {
		for _, s := range tb.sections {
			s.vertical()
		}
		width = tb.width()
	}
	b.WriteString(strings.Repeat("-", width) + "\n")
	for _, s := range tb.sections {
		s.render(b, width)
	}
}

func (tb *tableBuilder) width() int {
	w := 0
	for _, s := range tb.sections {
		w = max(w, s.minWidth())
	}
	return w
}

// terminalWidth is $COLUMNS, or 80.
func terminalWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// vertical turns a section with column headers into key/value rows.
func (s *tableSection) vertical() {
	if len(s.headers) == 0 {
		return
	}
	var rows [][]string
	for _, r := range s.rows {
		for i, h := range s.headers {
			if i < len(r) {
				rows = append(rows, []string{h, r[i]})
			}
		}
	}
	s.headers, s.rows = nil, rows
}

func textWidth(s string) int { return utf8.RuneCountInString(s) }

// columns returns the number of columns of s.
func (s *tableSection) columns() int {
	n := len(s.headers)
	for _, r := range s.rows {
		n = max(n, len(r))
	}
	return n
}

// natural returns each column's width: its widest cell plus a space each
// side.
func (s *tableSection) natural() []int {
	w := make([]int, s.columns())
	for i, h := range s.headers {
		w[i] = max(w[i], textWidth(h)+4)
	}
	for _, r := range s.rows {
		for i, c := range r {
			w[i] = max(w[i], textWidth(c)+4)
		}
	}
	return w
}

func (s *tableSection) minWidth() int {
	border := 2 * (s.indent + 1)
	inner := textWidth(s.title) + 2
	if cols := s.natural(); len(cols) > 0 {
		sum := len(cols) - 1
		for _, c := range cols {
			sum += c
		}
		inner = max(inner, sum)
	}
	return inner + border
}

func (s *tableSection) render(b *bytes.Buffer, width int) {
	bars := strings.Repeat("|", s.indent)
	inner := width - 2*(s.indent+1)
	line := func(content string) {
		b.WriteString(bars + "|" + content + "|" + bars + "\n")
	}
	cols := s.natural()
	// Share out the spare width, left to right.
	if len(cols) > 0 {
		sum := len(cols) - 1
		for _, c := range cols {
			sum += c
		}
		for i := 0; sum < inner; i = (i + 1) % len(cols) {
			cols[i]++
			sum++
		}
	}
	rule := func() {
		var parts []string
		for _, c := range cols {
			parts = append(parts, strings.Repeat("-", c))
		}
		if len(parts) == 0 {
			parts = []string{strings.Repeat("-", inner)}
		}
		b.WriteString(bars + "+" + strings.Join(parts, "+") + "+" + bars + "\n")
	}
	cells := func(row []string, center bool) {
		var parts []string
		for i, c := range cols {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			if center {
				parts = append(parts, centered(cell, c))
			} else {
				parts = append(parts, "  "+cell+strings.Repeat(" ", c-2-textWidth(cell)))
			}
		}
		line(strings.Join(parts, "|"))
	}
	if s.indent > 0 {
		// A nested section opens with a title line inside its parent.
		line(centered(s.title, inner))
	} else {
		line(centered(s.title, inner))
	}
	rule()
	if len(s.headers) > 0 {
		cells(s.headers, true)
		rule()
	}
	for _, r := range s.rows {
		cells(r, false)
	}
	if len(s.rows) > 0 {
		rule()
	}
}

func centered(s string, width int) string {
	pad := width - textWidth(s)
	if pad <= 0 {
		return s
	}
	left := pad / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", pad-left)
}
