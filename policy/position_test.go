package policy

import "testing"

func pos(line, col, off int) Position { return Position{Line: line, Column: col, Offset: off} }

// TestStatementSpans checks Statement.Span and Statement.Pos against
// positions computed by hand. The rule is AWS's, as the IAM simulator
// reports MatchedStatements (API_Statement, StartPosition and EndPosition):
// in an array, statement 1 starts right after '[' and each later statement
// right after the previous '}'; a single statement object starts right after
// its '{'; each ends right after its own '}'. Columns count characters: a tab is one, "é" is one; only '\n'
// starts a line, so in "\r\n" the '\r' is a column of its line.
func TestStatementSpans(t *testing.T) {
	type want struct{ start, end, pos Position }
	tests := []struct {
		name   string
		doc    string
		single bool
		want   []want
	}{
		{
			name: "array, one element per line block",
			doc: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}
`,
			want: []want{
				// Starts right after '[' at 3:16: at the end of line 3.
				{start: pos(3, 17, 45), end: pos(8, 6, 136), pos: pos(4, 5, 50)},
				// Starts at the comma after the first '}'.
				{start: pos(8, 6, 136), end: pos(13, 6, 219), pos: pos(9, 5, 142)},
			},
		},
		{
			name: "tabs and CRLF",
			doc:  "{\r\n\t\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},\r\n\t\t{\"Effect\": \"Deny\", \"Action\": \"iam:*\", \"Resource\": \"*\"}\t]\r\n}\r\n",
			want: []want{
				{start: pos(2, 16, 18), end: pos(2, 67, 69), pos: pos(2, 16, 18)},
				{start: pos(2, 67, 69), end: pos(3, 57, 128), pos: pos(3, 3, 74)},
			},
		},
		{
			name:   "single statement object",
			doc:    "{\"Version\": \"2012-10-17\",\n \"Statement\": {\n   \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"\n }}",
			single: true,
			want: []want{
				// Right after its own '{' at 2:15, at the end of line 2.
				{start: pos(2, 16, 41), end: pos(4, 3, 100), pos: pos(2, 15, 40)},
			},
		},
		{
			name: "two-byte character earlier on the line",
			doc:  `{"Id":"é","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`,
			want: []want{
				{start: pos(1, 24, 24), end: pos(1, 70, 70), pos: pos(1, 24, 24)},
				{start: pos(1, 70, 70), end: pos(1, 116, 116), pos: pos(1, 71, 71)},
			},
		},
		{
			name:   "single statement spanning lines with a tab",
			doc:    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\n\t\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}",
			single: true,
			want: []want{
				{start: pos(1, 15, 14), end: pos(2, 54, 113), pos: pos(1, 14, 13)},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if p.SingleStatement != tc.single {
				t.Errorf("SingleStatement = %v", p.SingleStatement)
			}
			if len(p.Statements) != len(tc.want) {
				t.Fatalf("%d statements, want %d", len(p.Statements), len(tc.want))
			}
			for i, w := range tc.want {
				s := p.Statements[i]
				if s.Span.Start != w.start || s.Span.End != w.end {
					t.Errorf("statement %d: Span %+v, want {Start:%+v End:%+v}", i+1, s.Span, w.start, w.end)
				}
				if s.Pos != w.pos {
					t.Errorf("statement %d: Pos %+v, want %+v", i+1, s.Pos, w.pos)
				}
				checkPositionConsistent(t, []byte(tc.doc), s.Span.Start)
				checkPositionConsistent(t, []byte(tc.doc), s.Pos)
			}
		})
	}
}

// TestConditionPos: Condition.Pos is the position of the key's opening quote.
func TestConditionPos(t *testing.T) {
	doc := "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\n\t\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}"
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := p.Statements[0].Condition
	if len(c) != 1 || c[0].Pos != pos(2, 23, 82) {
		t.Fatalf("Condition = %+v, want one entry at 2:23 (offset 82)", c)
	}
}
