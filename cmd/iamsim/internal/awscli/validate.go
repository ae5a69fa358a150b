package awscli

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Before calling a service the AWS CLI (botocore) checks the request against
// the operation's input shape: required members present, no unknown
// members, types right, and the "min" constraints of strings (length),
// lists (length) and integers (value). It checks no maximums, patterns or
// enums; those are the service's to reject. The CLI here checks exactly the
// same, so the same mistakes are caught at the same point, with the same
// "Parameter validation failed:" report, and reach the simulator otherwise.

// Shape is the part of a service-model shape (service-2.json) that
// validation and --generate-cli-skeleton use.
type Shape struct {
	Type string // "structure", "list", "string" or "integer"
	// Min is the model's "min": a string's or list's least length, an
	// integer's least value. 0 stands for no minimum, which is the same
	// for lengths and which no integer shape used here has.
	Min      int
	Members  []Member // a structure's, in model order
	Required []string // a structure's required members
	Elem     *Shape   // a list's element ("member" in the model)
	// Enum lists a string's values; the client checks none of them, and
	// the skeleton shows the first.
	Enum []string
}

// Member is a structure member.
type Member struct {
	Name  string
	Shape *Shape
}

// Skeleton is the --generate-cli-skeleton template of the input shape
// input: every member with an empty value of its type (a list of one
// element, an enum's first value), in model order.
func Skeleton(input *Shape) *Object {
	o, _ := skeleton(input).(*Object)
	return o
}

func skeleton(s *Shape) any {
	switch s.Type {
	case "structure":
		o := NewObject()
		for _, m := range s.Members {
			o.Set(m.Name, skeleton(m.Shape))
		}
		return o
	case "list":
		return []any{skeleton(s.Elem)}
	case "integer":
		return int64(0)
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	return ""
}

// ValidationError is botocore's ParamValidationError: every problem found
// in a request, one per line.
type ValidationError struct{ Problems []string }

// Error returns the report as the AWS CLI prints it.
func (e *ValidationError) Error() string {
	return "Parameter validation failed:\n" + strings.Join(e.Problems, "\n")
}

// Validate checks params against the input shape s, as botocore does
// before a call, and returns a *ValidationError listing every problem, or
// nil.
func Validate(params *Object, s *Shape) error {
	var v validator
	v.check(params, s, "")
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{v.problems}
}

type validator struct{ problems []string }

func (v *validator) report(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// displayName is how botocore names a parameter path in messages.
func displayName(name string) string {
	if name == "" {
		return "input"
	}
	return strings.TrimPrefix(name, ".")
}

func (v *validator) badType(val any, name string, valid string) {
	v.report("Invalid type for parameter %s, value: %s, type: %s, valid types: %s",
		displayName(name), pyRepr(val, true), pyTypeName(val), valid)
}

func (v *validator) check(val any, s *Shape, name string) {
	switch s.Type {
	case "structure":
		o, ok := val.(*Object)
		if !ok {
			v.badType(val, name, "<class 'dict'>")
			return
		}
		for _, r := range s.Required {
			if !o.Has(r) {
				v.report("Missing required parameter in %s: %q", displayName(name), r)
			}
		}
		var names []string
		for _, m := range s.Members {
			names = append(names, m.Name)
		}
		var known []Member
		for _, k := range o.keys {
			m, ok := s.member(k)
			if !ok {
				v.report("Unknown parameter in %s: %q, must be one of: %s", displayName(name), k, strings.Join(names, ", "))
				continue
			}
			known = append(known, m)
		}
		for _, m := range known {
			mv, _ := o.Get(m.Name)
			v.check(mv, m.Shape, name+"."+m.Name)
		}
	case "list":
		l, ok := val.([]any)
		if !ok {
			v.badType(val, name, "<class 'list'>, <class 'tuple'>")
			return
		}
		v.checkMin(len(l), s, name, "length")
		for i, e := range l {
			v.check(e, s.Elem, fmt.Sprintf("%s[%d]", name, i))
		}
	case "string":
		sv, ok := val.(string)
		if !ok {
			v.badType(val, name, "<class 'str'>")
			return
		}
		v.checkMin(utf8.RuneCountInString(sv), s, name, "length")
	case "integer":
		var n int64
		switch t := val.(type) {
		case int64:
			n = t
		case bool: // a Python bool is an int
			if t {
				n = 1
			}
		default:
			v.badType(val, name, "<class 'int'>")
			return
		}
		if s.Min != 0 && n < int64(s.Min) {
			v.report("Invalid value for parameter %s, value: %s, valid min value: %d", displayName(name), pyRepr(val, true), s.Min)
		}
	}
}

func (v *validator) checkMin(n int, s *Shape, name, what string) {
	if s.Min != 0 && n < s.Min {
		v.report("Invalid %s for parameter %s, value: %d, valid min %s: %d", what, displayName(name), n, what, s.Min)
	}
}

// member returns the structure member called name.
func (s *Shape) member(name string) (Member, bool) {
	if s == nil {
		return Member{}, false
	}
	for _, m := range s.Members {
		if m.Name == name {
			return m, true
		}
	}
	return Member{}, false
}
