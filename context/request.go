package context

import (
	"sort"
	"strings"
)

// Entry is one context key and its values, the shape of the IAM API's
// ContextEntry (ContextKeyName, ContextKeyValues, ContextKeyType).
type Entry struct {
	Key    string
	Type   Type
	Values []string
}

// Input is what a Request is built from.
type Input struct {
	// Action is the action name, service:Name (any case).
	Action string
	// Resource is the resource ARN, or "*" for "no specific resource".
	Resource string
	// Principal is the caller: an ARN, a service principal name,
	// "anonymous", or "" for none (see ParsePrincipal).
	Principal string
	// PrincipalTags are the caller's tags; each becomes aws:PrincipalTag/KEY
	// unless a context entry gives that key.
	PrincipalTags map[string]string
	// ResourceAccount is the account that owns the resource. When empty it is
	// the account in the resource ARN, if any.
	ResourceAccount string
	// Context holds the request context keys.
	Context []Entry
	// NoDerivedKeys turns off the keys derived from the principal.
	NoDerivedKeys bool
}

// Request is an immutable, validated request. Build it with New.
type Request struct {
	action          string
	actionLower     string
	resource        string
	principal       Principal
	resourceAccount string
	keys            map[string]*Value // lower-cased key → value
	names           map[string]string // lower-cased key → key as written
	tab             []keySlot         // keys again, for LookupKey
	actionKey       Key               // actionLower, hashed
	serviceKey      Key               // its service prefix, hashed
	resBits         uint64            // ResourceBits(resource)
}

// setAction sets the action and its lower-cased and hashed forms.
func (r *Request) setAction(action string) {
	r.action = action
	r.actionLower = lowerASCII(action)
	r.actionKey = MakeKey(r.actionLower)
	svc := ""
	if i := strings.IndexByte(r.actionLower, ':'); i >= 0 {
		svc = r.actionLower[:i]
	}
	r.serviceKey = MakeKey(svc)
}

// ActionKey returns ActionLower as a Key (hashed once per Request), for
// tables keyed by lower-cased action.
func (r *Request) ActionKey() Key { return r.actionKey }

// ServiceKey returns the service prefix of ActionLower (the text before its
// first colon, "" without one) as a Key.
func (r *Request) ServiceKey() Key { return r.serviceKey }

// New validates in and builds a Request. Invalid input is an *Error with
// code InvalidInput naming the key or field at fault.
func New(in Input) (*Request, error) {
	p, err := ParsePrincipal(in.Principal)
	if err != nil {
		return nil, err
	}
	r := &Request{
		resource:        in.Resource,
		principal:       p,
		resourceAccount: in.ResourceAccount,
		keys:            make(map[string]*Value, len(in.Context)+6),
		names:           make(map[string]string, len(in.Context)+6),
	}
	r.setAction(in.Action)
	r.resBits = ResourceBits(r.resource)
	if r.resourceAccount == "" {
		r.resourceAccount = arnAccount(in.Resource)
	}
	for _, e := range in.Context {
		if e.Key == "" {
			return nil, invalid("", "context entry with an empty key name")
		}
		lk := strings.ToLower(e.Key)
		if _, dup := r.keys[lk]; dup {
			return nil, invalid(e.Key, "given twice (context key names are case-insensitive)")
		}
		v, err := NewValue(e.Type, e.Values...)
		if err != nil {
			err.(*Error).Key = e.Key
			return nil, err
		}
		r.keys[lk], r.names[lk] = v, e.Key
	}
	for k, val := range in.PrincipalTags {
		r.derive("aws:PrincipalTag/"+k, val)
	}
	if !in.NoDerivedKeys {
		r.deriveFromPrincipal()
	}
	r.buildTable()
	return r, nil
}

// derive sets key to a single string unless the caller gave it.
func (r *Request) derive(key, val string) {
	lk := strings.ToLower(key)
	if _, ok := r.keys[lk]; ok {
		return
	}
	r.keys[lk] = &Value{typ: TypeString, raw: []string{val}}
	r.names[lk] = key
}

func (r *Request) deriveFromPrincipal() {
	p := r.principal
	if p.Kind == PrincipalNone {
		return
	}
	if arn := p.PrincipalARN(); arn != "" && p.Kind != PrincipalAnonymous {
		r.derive("aws:PrincipalArn", arn)
	}
	if p.Account != "" {
		r.derive("aws:PrincipalAccount", p.Account)
	}
	if t := p.Type(); t != "" {
		r.derive("aws:PrincipalType", t)
	}
	switch p.Kind {
	case PrincipalUser:
		r.derive("aws:username", p.Name)
	case PrincipalAccount:
		r.derive("aws:userid", p.Account)
	case PrincipalFederatedUser:
		r.derive("aws:userid", p.Account+":"+p.Name)
	case PrincipalAnonymous:
		r.derive("aws:userid", "anonymous")
	case PrincipalService:
		r.derive("aws:PrincipalServiceName", p.Name)
	}
	if p.Kind != PrincipalAnonymous {
		lk := "aws:principalisawsservice"
		if _, ok := r.keys[lk]; !ok {
			b := p.Kind == PrincipalService
			s := "false"
			if b {
				s = "true"
			}
			r.keys[lk] = &Value{typ: TypeBoolean, raw: []string{s}, bools: []bool{b}}
			r.names[lk] = "aws:PrincipalIsAWSService"
		}
	}
}

// arnAccount returns the account field of an ARN, or "".
func arnAccount(arn string) string {
	if !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	// The account is the fifth field: between the fourth and fifth colons.
	rest := arn
	for i := 0; i < 4; i++ {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ""
		}
		rest = rest[j+1:]
	}
	j := strings.IndexByte(rest, ':')
	if j < 0 {
		return ""
	}
	return rest[:j]
}

// Action returns the action as given.
func (r *Request) Action() string { return r.action }

// ActionLower returns the action in lower case: action names match
// case-insensitively (reference_policies_elements_action.md).
func (r *Request) ActionLower() string { return r.actionLower }

// Resource returns the resource ARN (or "*").
func (r *Request) Resource() string { return r.resource }

// Principal returns the caller.
func (r *Request) Principal() Principal { return r.principal }

// PrincipalPtr returns the caller without copying it (for hot paths).
func (r *Request) PrincipalPtr() *Principal { return &r.principal }

// ResourceAccount returns the account that owns the resource, or "" if it is
// not known (then the resource is taken to be in the caller's account).
func (r *Request) ResourceAccount() string { return r.resourceAccount }

// CrossAccount reports whether the resource belongs to another account than
// the principal's (reference_policies_evaluation-logic-cross-account.md).
// An unknown account on either side means same account.
func (r *Request) CrossAccount() bool {
	return r.resourceAccount != "" && r.principal.Account != "" && r.resourceAccount != r.principal.Account
}

// Lookup returns the value of a context key. lowerKey must already be in
// lower case (compiled policies lower-case their keys once); Lookup does not
// allocate.
func (r *Request) Lookup(lowerKey string) (*Value, bool) {
	v, ok := r.keys[lowerKey]
	return v, ok
}

// Get returns the value of a context key in any case.
func (r *Request) Get(key string) (*Value, bool) {
	return r.Lookup(strings.ToLower(key))
}

// Keys returns the names of every context key present, as given or derived,
// sorted.
func (r *Request) Keys() []string {
	out := make([]string, 0, len(r.names))
	for _, n := range r.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// WithTarget returns a Request for another action and resource that shares
// r's principal and context keys (which are immutable, so nothing is
// copied or parsed again). A simulation of many actions × resources builds
// its context once and retargets it. resourceAccount "" means the account in
// the resource ARN, as in New.
func (r *Request) WithTarget(action, resource, resourceAccount string) *Request {
	c := *r
	c.setAction(action)
	c.resource = resource
	c.resBits = ResourceBits(resource)
	c.resourceAccount = resourceAccount
	if c.resourceAccount == "" {
		c.resourceAccount = arnAccount(resource)
	}
	return &c
}

// lowerASCII lower-cases s, returning s itself (no allocation) when it has
// no upper-case letter.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
