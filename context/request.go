package context

import (
	"sort"
	"strings"

	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/resfilter"
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
	// core is what evaluation reads on its hot path: the hashed action and
	// service prefix, the resource, its filter signature and its account,
	// the key table and the principal. It must stay the first field: internal/reqview
	// reads it through a pointer to the Request, and checks that it is
	// first.
	core   reqcore.Core[Value, Principal]
	action string
	keys   map[string]*Value // lower-cased key → value
	names  map[string]string // lower-cased key → key as written
}

// setTarget sets the action (with its lower-cased and hashed forms) and the
// resource (with its filter signature).
func (r *Request) setTarget(action, resource string) {
	r.action = action
	lower := lowerASCII(action)
	r.core.ActionKey = reqcore.MakeKey(lower)
	svc := ""
	if i := strings.IndexByte(lower, ':'); i >= 0 {
		svc = lower[:i]
	}
	r.core.ServiceKey = reqcore.MakeKey(svc)
	r.core.Resource = resource
	r.core.ResourceBits = resfilter.ResourceBits(resource)
}

// New validates in and builds a Request. Invalid input is an *Error with
// code InvalidInput naming the key or field at fault.
func New(in Input) (*Request, error) {
	p, err := ParsePrincipal(in.Principal)
	if err != nil {
		return nil, err
	}
	r := &Request{
		keys:  make(map[string]*Value, len(in.Context)+6),
		names: make(map[string]string, len(in.Context)+6),
	}
	r.core.ResourceAccount = in.ResourceAccount
	r.core.Principal = p
	r.setTarget(in.Action, in.Resource)
	if r.core.ResourceAccount == "" {
		r.core.ResourceAccount = arnAccount(in.Resource)
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
	r.core.SetKeys(r.keys)
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
	p := &r.core.Principal
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

// Resource returns the resource ARN (or "*").
func (r *Request) Resource() string { return r.core.Resource }

// Principal returns the caller.
func (r *Request) Principal() Principal { return r.core.Principal }

// ResourceAccount returns the account that owns the resource, or "" if it is
// not known (then the resource is taken to be in the caller's account).
func (r *Request) ResourceAccount() string { return r.core.ResourceAccount }

// CrossAccount reports whether the resource belongs to another account than
// the principal's (reference_policies_evaluation-logic-cross-account.md).
// An unknown account on either side means same account.
func (r *Request) CrossAccount() bool {
	account := r.core.Principal.Account
	return r.core.ResourceAccount != "" && account != "" && r.core.ResourceAccount != account
}

// Get returns the value of a context key in any case.
func (r *Request) Get(key string) (*Value, bool) {
	v, ok := r.keys[strings.ToLower(key)]
	return v, ok
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
	c.setTarget(action, resource)
	c.core.ResourceAccount = resourceAccount
	if c.core.ResourceAccount == "" {
		c.core.ResourceAccount = arnAccount(resource)
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
