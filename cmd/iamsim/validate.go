package main

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

// shape is the part of an IAM service-model shape that validation uses.
type shape struct {
	typ      string // "structure", "list", "string" or "integer"
	min      int
	hasMin   bool
	members  []member // structure members, in model order
	required []string
	elem     *shape // list member
}

type member struct {
	name  string
	shape *shape
}

func str(min int) *shape     { return &shape{typ: "string", min: min, hasMin: min > 0} }
func listOf(e *shape) *shape { return &shape{typ: "list", elem: e} }

// Shapes of service-2.json (IAM 2010-05-08) used by the four operations.
var (
	shapePolicyDocument = str(1) // policyDocumentType
	shapePolicyList     = listOf(shapePolicyDocument)
	shapeActionNames    = listOf(str(3)) // ActionNameType
	shapeResourceName   = str(1)         // ResourceNameType
	shapeResourceNames  = listOf(shapeResourceName)
	shapeContextEntry   = &shape{typ: "structure", members: []member{
		{"ContextKeyName", str(5)},
		{"ContextKeyValues", listOf(str(0))},
		{"ContextKeyType", str(0)}, // ContextKeyTypeEnum: not checked by the client
	}}
	shapeContextEntries = listOf(shapeContextEntry)
	shapeMaxItems       = &shape{typ: "integer", min: 1, hasMin: true}
	shapeArn            = str(20) // arnType
)

// memberShapes gives each request member's shape.
var memberShapes = map[string]*shape{
	"PolicySourceArn":                    shapeArn,
	"PolicyInputList":                    shapePolicyList,
	"PermissionsBoundaryPolicyInputList": shapePolicyList,
	"ActionNames":                        shapeActionNames,
	"ResourceArns":                       shapeResourceNames,
	"ResourcePolicy":                     shapePolicyDocument,
	"ResourceOwner":                      shapeResourceName,
	"CallerArn":                          shapeResourceName,
	"ContextEntries":                     shapeContextEntries,
	"ResourceHandlingOption":             str(1),
	"MaxItems":                           shapeMaxItems,
	"Marker":                             str(1),
}

// inputShape returns the input shape of c's operation.
func (c *command) inputShape() *shape {
	s := &shape{typ: "structure"}
	for _, m := range c.members {
		s.members = append(s.members, member{m, memberShapes[m]})
	}
	for _, o := range c.options {
		if o.required && o.member != "" {
			s.required = append(s.required, o.member)
		}
	}
	return s
}

// validationError is botocore's ParamValidationError: every problem found,
// one per line.
type validationError struct{ problems []string }

func (e *validationError) Error() string {
	return "Parameter validation failed:\n" + strings.Join(e.problems, "\n")
}

// validateParams checks params against s and returns a *validationError
// listing every problem, or nil.
func validateParams(params *object, s *shape) error {
	var v validator
	v.check(params, s, "")
	if len(v.problems) == 0 {
		return nil
	}
	return &validationError{v.problems}
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

func (v *validator) check(val any, s *shape, name string) {
	switch s.typ {
	case "structure":
		o, ok := val.(*object)
		if !ok {
			v.badType(val, name, "<class 'dict'>")
			return
		}
		for _, r := range s.required {
			if !o.has(r) {
				v.report("Missing required parameter in %s: %q", displayName(name), r)
			}
		}
		var names []string
		for _, m := range s.members {
			names = append(names, m.name)
		}
		var known []member
		for _, k := range o.keys {
			m, ok := s.member(k)
			if !ok {
				v.report("Unknown parameter in %s: %q, must be one of: %s", displayName(name), k, strings.Join(names, ", "))
				continue
			}
			known = append(known, m)
		}
		for _, m := range known {
			mv, _ := o.get(m.name)
			v.check(mv, m.shape, name+"."+m.name)
		}
	case "list":
		l, ok := val.([]any)
		if !ok {
			v.badType(val, name, "<class 'list'>, <class 'tuple'>")
			return
		}
		v.checkMin(len(l), s, name, "length")
		for i, e := range l {
			v.check(e, s.elem, fmt.Sprintf("%s[%d]", name, i))
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
		if s.hasMin && n < int64(s.min) {
			v.report("Invalid value for parameter %s, value: %s, valid min value: %d", displayName(name), pyRepr(val, true), s.min)
		}
	}
}

func (v *validator) checkMin(n int, s *shape, name, what string) {
	if s.hasMin && n < s.min {
		v.report("Invalid %s for parameter %s, value: %d, valid min %s: %d", what, displayName(name), n, what, s.min)
	}
}

func (s *shape) member(name string) (member, bool) {
	for _, m := range s.members {
		if m.name == name {
			return m, true
		}
	}
	return member{}, false
}
