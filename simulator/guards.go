package simulator

// InputLimits are iamsim's own bounds on one request, beyond the service
// model's. The model bounds each policy document (131,072 characters) but
// not how many a request gives, nor the length or number of context
// values; the live service is protected by its front end's limits, which
// are not published. Without bounds, one call could take unbounded memory
// (compiling costs about 60 bytes per character of policy) or time (the
// work of wildcard matching grows with the number of patterns times the
// length of the value matched). A request over a limit is InvalidInput,
// naming the member and the limit.
//
// A field that is 0 takes its default; a negative one turns that limit off.
type InputLimits struct {
	// PolicyBytes bounds the total size, in bytes of UTF-8, of the
	// request's own documents: PolicyInputList,
	// PermissionsBoundaryPolicyInputList and ResourcePolicy. Stored
	// policies of the account are not counted. Default 1 MiB: eight
	// documents of the largest size.
	PolicyBytes int
	// ContextValueBytes bounds each value of ContextEntries. Default
	// 8 KiB, four times the longest ARN and far beyond any AWS condition
	// key's value.
	ContextValueBytes int
	// ContextBytes bounds all values of ContextEntries together.
	// Default 1 MiB.
	ContextBytes int
}

// DefaultInputLimits are the limits of a Simulator built without
// WithInputLimits.
var DefaultInputLimits = InputLimits{PolicyBytes: 1 << 20, ContextValueBytes: 8 << 10, ContextBytes: 1 << 20}

// WithInputLimits sets the Simulator's bounds on one request (see
// InputLimits); zero fields keep their defaults.
func WithInputLimits(l InputLimits) Option { return func(c *config) { c.limits = l } }

// resolve returns l with its zero fields set to the defaults and its
// negative ones to "no limit" (-1).
func (l InputLimits) resolve() InputLimits {
	pick := func(v, def int) int {
		switch {
		case v == 0:
			return def
		case v < 0:
			return -1
		}
		return v
	}
	d := DefaultInputLimits
	return InputLimits{
		PolicyBytes:       pick(l.PolicyBytes, d.PolicyBytes),
		ContextValueBytes: pick(l.ContextValueBytes, d.ContextValueBytes),
		ContextBytes:      pick(l.ContextBytes, d.ContextBytes),
	}
}

// exceeds reports whether n exceeds the limit max (-1: none).
func exceeds(n, max int) bool { return max >= 0 && n > max }

// checkRequest enforces the limits on a simulation's members. cachedContext
// skips the context values: they are a cached contextSet's, which passed
// this check (the Simulator's context cache is its own, unlike the shared
// caches of documents).
func (l *InputLimits) checkRequest(c *SimulateCustomPolicyInput, cachedContext bool) *Error {
	if e := l.checkPolicyBytes(c.PolicyInputList, c.PermissionsBoundaryPolicyInputList, c.ResourcePolicy); e != nil {
		return e
	}
	if cachedContext {
		return nil
	}
	return l.checkContext(c.ContextEntries)
}

// checkPolicyBytes enforces InputLimits.PolicyBytes on a request's own
// documents. It runs on every request, cached sets included (caches may be
// shared by Simulators with other limits), and costs a length per document.
func (l *InputLimits) checkPolicyBytes(inputs, boundary []string, resource *string) *Error {
	if l.PolicyBytes < 0 {
		return nil
	}
	n := 0
	for _, d := range inputs {
		n += len(d)
	}
	for _, d := range boundary {
		n += len(d)
	}
	if resource != nil {
		n += len(*resource)
	}
	if exceeds(n, l.PolicyBytes) {
		return invalidInput("PolicyInputList, PermissionsBoundaryPolicyInputList and ResourcePolicy total %d bytes; iamsim accepts at most %d in one request (simulator.InputLimits.PolicyBytes)", n, l.PolicyBytes)
	}
	return nil
}

// checkContext enforces InputLimits.ContextValueBytes and ContextBytes.
func (l *InputLimits) checkContext(entries []ContextEntry) *Error {
	total := 0
	for i := range entries {
		for j, v := range entries[i].ContextKeyValues {
			if exceeds(len(v), l.ContextValueBytes) {
				return invalidInput("%s is %d bytes long; iamsim accepts context values of at most %d bytes (simulator.InputLimits.ContextValueBytes)", memberName(memberName("ContextEntries", i)+".ContextKeyValues", j), len(v), l.ContextValueBytes)
			}
			total += len(v)
		}
	}
	if exceeds(total, l.ContextBytes) {
		return invalidInput("the values of ContextEntries total %d bytes; iamsim accepts at most %d in one request (simulator.InputLimits.ContextBytes)", total, l.ContextBytes)
	}
	return nil
}
