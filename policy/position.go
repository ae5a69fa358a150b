package policy

import "sort"

// lineTable turns byte offsets into positions in O(log n). It is built in one
// pass over the document (see checkText), so computing the positions of all
// statements stays linear even when a minified document is one long line.
//
// Only '\n' starts a new line: in "\r\n" the '\r' is the last character of
// its line. Columns count characters; a document that passed checkText holds
// only characters up to U+00FF, so a character is one byte or two (a lead
// byte and one continuation byte), and the column is the byte distance from
// the line start minus the continuation bytes in between.
type lineTable struct {
	// lineStarts[i] is the offset of the first byte of line i+1.
	lineStarts []int
	// continuations holds the offsets of UTF-8 continuation bytes,
	// ascending.
	continuations []int
}

// pos returns the position of the character that starts at byte offset off
// (or of the end of the document when off == len(data)).
func (t *lineTable) pos(off int) Position {
	// The last line start not after off.
	line := sort.Search(len(t.lineStarts), func(i int) bool { return t.lineStarts[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	start := 0
	if len(t.lineStarts) > 0 {
		start = t.lineStarts[line]
	}
	col := off - start + 1
	if len(t.continuations) > 0 {
		lo := sort.SearchInts(t.continuations, start)
		hi := sort.SearchInts(t.continuations, off)
		col -= hi - lo
	}
	return Position{Line: line + 1, Column: col, Offset: off}
}

// after returns the position "right after" the one-byte character at off:
// the next column on the same line, even when that character ends the line.
// This is how the IAM simulator places statement boundaries (API_Statement,
// StartPosition and EndPosition).
func (t *lineTable) after(off int) Position {
	p := t.pos(off)
	p.Column++
	p.Offset++
	return p
}
