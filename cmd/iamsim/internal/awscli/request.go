package awscli

import (
	"fmt"
	"strings"
)

// Operation is an API operation as the AWS CLI knows it from the service's
// model.
type Operation struct {
	Name      string     // "SimulateCustomPolicy"
	Input     *Shape     // the request's structure
	Paginator *Paginator // nil if the CLI does not page the operation
}

// ParamError is an option value the CLI cannot turn into a request
// parameter: a file it cannot read, bad JSON, bad shorthand.
type ParamError struct {
	Option string // "--context-entries", or "cli-input-json" as the AWS CLI names it
	Msg    string
}

// Error returns the AWS CLI's wording: "Error parsing parameter
// '--context-entries': ...".
func (e *ParamError) Error() string {
	return fmt.Sprintf("Error parsing parameter '%s': %s", e.Option, e.Msg)
}

// ServiceError is an error answer of the service, which the AWS CLI (as
// botocore's ClientError) reports with the operation's name.
type ServiceError struct {
	Operation string // "SimulateCustomPolicy"
	Code      string // "InvalidInput"
	Message   string
	Err       error // the error the call returned
}

// Error returns the AWS CLI's wording: "An error occurred (InvalidInput)
// when calling the SimulateCustomPolicy operation: ...".
func (e *ServiceError) Error() string {
	return fmt.Sprintf("An error occurred (%s) when calling the %s operation: %s", e.Code, e.Operation, e.Message)
}

// Unwrap returns the error the call returned.
func (e *ServiceError) Unwrap() error { return e.Err }

// Request is the request a command line makes of an operation: its
// parameters, and whether and how the CLI pages through the answers.
type Request struct {
	op     *Operation
	params *Object
	paging *pageConfig // nil: one call, whose raw response is printed

	// Warnings are lines the AWS CLI prints on standard error before it
	// makes the request.
	Warnings []string
}

// NewRequest reads the request that args makes of op: each option that
// fills a member, in option order (the model's member order), its values
// read as the AWS CLI reads them (file:// and fileb://, JSON, shorthand),
// then the members of --cli-input-json that the command line did not give;
// and the paging options.
//
// Like the AWS CLI, NewRequest pages an operation that has a Paginator
// unless --no-paginate or the option of the paginator's input token (the
// API's own Marker) is given; then the request makes one call and
// --max-items is the API's limit.
func NewRequest(op *Operation, args *Args) (*Request, error) {
	paginate := op.Paginator != nil && !args.Has("--no-paginate") && !args.givesMember(op.Paginator.InputToken)
	if op.Paginator != nil && !paginate {
		var used []string
		for _, n := range []string{"--starting-token", "--page-size"} {
			if args.Has(n) {
				used = append(used, n)
			}
		}
		if len(used) > 0 {
			return nil, &pagingError{"Cannot specify --no-paginate along with pagination arguments: " + strings.Join(used, ", ")}
		}
	}

	params := NewObject()
	for _, o := range args.options {
		vals, ok := args.values[o.Name]
		if !ok {
			continue
		}
		member := o.Member
		if o.Name == "--max-items" && op.Paginator != nil && !paginate {
			member = op.Paginator.LimitKey
		}
		if member == "" {
			continue
		}
		m, _ := op.Input.member(member)
		v, err := o.Unpack(vals, m.Shape)
		if err != nil {
			return nil, err
		}
		params.Set(member, v)
	}
	if raw, ok := args.Value("--cli-input-json"); ok {
		if err := mergeInputJSON(params, raw); err != nil {
			return nil, err
		}
	}

	r := &Request{op: op, params: params}
	if paginate {
		var cfg pageConfig
		if v, ok := args.Value("--max-items"); ok {
			n, _ := pyInt(v) // checked by Parse
			if n <= 0 {
				r.Warnings = append(r.Warnings, "warning: Non-positive values for --max-items may result in undefined behavior.")
			}
			cfg.maxItems = &n
		}
		if v, ok := args.Value("--page-size"); ok {
			n, _ := pyInt(v)
			cfg.pageSize = &n
		}
		if v, ok := args.Value("--starting-token"); ok {
			cfg.startingToken = &v
		}
		r.paging = &cfg
	}
	return r, nil
}

// givesMember reports whether the command line gives an option that fills
// member.
func (a *Args) givesMember(member string) bool {
	for _, o := range a.options {
		if o.Member == member && a.Has(o.Name) {
			return true
		}
	}
	return false
}

// Send makes the request through call, which calls the operation with the
// given parameters and returns its response. Each call's parameters are
// validated first (Validate), as botocore does. Send returns what the AWS
// CLI prints: the raw response of the one call, or the pages' results put
// together, with a NextToken when --max-items cut them short.
func (r *Request) Send(call func(params *Object) (*Object, error)) (*Object, error) {
	validated := func(params *Object) (*Object, error) {
		if err := Validate(params, r.op.Input); err != nil {
			return nil, err
		}
		return call(params)
	}
	if r.paging == nil {
		return validated(r.params)
	}
	return paginate(r.op.Paginator, r.params, *r.paging, validated)
}

// loadValue resolves file:// and fileb:// in one option value.
func (o Option) loadValue(v string) (string, error) {
	data, ok, err := loadParamFile(v)
	if err != nil {
		return "", &ParamError{o.Name, err.Error()}
	}
	if ok {
		return data, nil
	}
	return v, nil
}

// Unpack returns the parameter value of the option's arguments, read as the
// AWS CLI reads them: file:// and fileb:// resolved, a list given as JSON
// or argument by argument, structures as JSON or shorthand. member is the
// shape of the member the option fills, which shorthand values are fitted
// to (nil: taken as parsed).
func (o Option) Unpack(args []string, member *Shape) (any, error) {
	// Every argument may be file:// or fileb://. (The AWS CLI resolves
	// these in a list option only when it has a single argument; iamsim
	// resolves each, so several policy files can be given.)
	loaded := make([]string, len(args))
	for i, v := range args {
		var err error
		if loaded[i], err = o.loadValue(v); err != nil {
			return nil, err
		}
	}
	switch o.Kind {
	case String:
		return loaded[0], nil
	case Int:
		n, _ := pyInt(loaded[0]) // checked by Parse
		return n, nil
	case StringList:
		// A single argument that is a JSON list is the whole list.
		if len(loaded) == 1 && strings.HasPrefix(strings.TrimFunc(loaded[0], isPySpace), "[") {
			return o.unpackJSON(loaded[0])
		}
		out := make([]any, len(loaded))
		for i, v := range loaded {
			out[i] = v
		}
		return out, nil
	case StructList:
		var elem *Shape
		if member != nil {
			elem = member.Elem
		}
		return o.unpackStructList(loaded, elem)
	}
	return nil, fmt.Errorf("awscli: option %s takes no value", o.Name)
}

func (o Option) unpackJSON(s string) (any, error) {
	v, err := DecodeJSON(s)
	if err != nil {
		return nil, &ParamError{o.Name, fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, s)}
	}
	return v, nil
}

// unpackStructList reads a list of structures: JSON (one list, or one
// object per argument) when the first argument starts with "[" or "{",
// shorthand (one structure per argument) otherwise.
func (o Option) unpackStructList(vals []string, elem *Shape) (any, error) {
	first := strings.TrimFunc(vals[0], isPySpace)
	if strings.HasPrefix(first, "[") || strings.HasPrefix(first, "{") {
		if len(vals) == 1 && strings.HasPrefix(first, "[") {
			return o.unpackJSON(vals[0])
		}
		out := make([]any, len(vals))
		for i, v := range vals {
			if !strings.HasPrefix(strings.TrimLeftFunc(v, isPySpace), "{") {
				return nil, &ParamError{o.Name, "Invalid JSON:\n" + v}
			}
			var err error
			if out[i], err = o.unpackJSON(v); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		entry, err := parseShorthand(v, loadParamFile)
		if err != nil {
			return nil, &ParamError{o.Name, err.Error()}
		}
		fitShorthand(entry, elem)
		out[i] = entry
	}
	return out, nil
}

// fitShorthand makes a single value given for a list member a list of one,
// as the AWS CLI's BackCompatVisitor does after parsing shorthand:
// "ContextKeyValues=v" means ["v"]. (The visitor also turns numbers and
// booleans given as text into their types; no structure here has such a
// member.)
func fitShorthand(entry *Object, s *Shape) {
	if s == nil {
		return
	}
	for _, m := range s.Members {
		if m.Shape.Type != "list" {
			continue
		}
		if v, ok := entry.Get(m.Name); ok && v != nil {
			if _, isList := v.([]any); !isList {
				entry.Set(m.Name, []any{v})
			}
		}
	}
}

// mergeInputJSON adds the members of the --cli-input-json object to params,
// except those the command line set.
func mergeInputJSON(params *Object, raw string) error {
	data, ok, err := loadParamFile(raw)
	if err != nil {
		return &ParamError{"cli-input-json", err.Error()}
	}
	if !ok {
		data = raw
	}
	v, err := DecodeJSON(data)
	if err != nil {
		return &ParamError{"cli-input-json", fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, data)}
	}
	in, ok := v.(*Object)
	if !ok {
		return &ParamError{"cli-input-json", fmt.Sprintf("Invalid JSON: expected an object, got %s\nJSON received: %s",
			strings.Trim(pyTypeName(v), "<>"), data)}
	}
	for k, val := range in.All() {
		if !params.Has(k) {
			params.Set(k, val)
		}
	}
	return nil
}
