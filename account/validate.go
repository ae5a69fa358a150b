package account

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/iamsim/iamsim/internal/iamshape"
	"github.com/iamsim/iamsim/policy"
)

// checker collects the constraint violations of an operation's input, so
// that they are reported all at once, as AWS's ValidationError does.
type checker struct{ msgs []string }

func (c *checker) field(f iamshape.Field, v string) { c.msgs = f.CheckMember(c.msgs, v) }

// optional checks v when it is given ("" is absent).
func (c *checker) optional(f iamshape.Field, v string) {
	if v != "" {
		c.field(f, v)
	}
}

func (c *checker) err() error {
	if len(c.msgs) == 0 {
		return nil
	}
	return ValidationError(c.msgs...)
}

// checkTags checks a Tags member: each key and value, no key twice (keys
// compare without case), at most iamshape.MaxTags.
func checkTags(tags []Tag) error {
	var msgs []string
	seen := map[string]bool{}
	for i, t := range tags {
		msgs = iamshape.TagKey.Check(msgs, fmt.Sprintf("tags.%d.member.key", i+1), t.Key)
		msgs = iamshape.TagValue.Check(msgs, fmt.Sprintf("tags.%d.member.value", i+1), t.Value)
		k := strings.ToLower(t.Key)
		if seen[k] && len(msgs) == 0 {
			return invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
	}
	if len(tags) > iamshape.MaxTags {
		msgs = append(msgs, fmt.Sprintf("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", iamshape.MaxTags))
	}
	if len(msgs) > 0 {
		return ValidationError(msgs...)
	}
	return nil
}

// mergeTags returns have with add merged in (a key already there gets the
// new value), bounded by the quota; what names the entity for the error.
func (q *Quotas) mergeTags(have, add []Tag, what string) ([]Tag, error) {
	out := slices.Clone(have)
	for _, t := range add {
		if i := slices.IndexFunc(out, func(h Tag) bool { return strings.EqualFold(h.Key, t.Key) }); i >= 0 {
			out[i] = t
		} else {
			out = append(out, t)
		}
	}
	if len(out) > q.TagsPerEntity {
		return nil, limitExceeded("The number of tags has reached the maximum limit for %s.", what)
	}
	return out, nil
}

// checkDocument parses a policy document as IAM does when it is stored and
// answers MalformedPolicyDocument with the problem and its place.
func checkDocument(doc string, kind policy.Kind) error {
	if _, err := policy.ParseKind([]byte(doc), kind); err != nil {
		e := &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: http.StatusBadRequest, Err: err}
		var pe *policy.Error
		if errors.As(err, &pe) {
			e.Message = fmt.Sprintf("%s (line %d, column %d)", pe.Message, pe.Pos.Line, pe.Pos.Column)
		} else {
			e.Message = err.Error()
		}
		return e
	}
	return nil
}

// policySize counts a document's characters without whitespace, as IAM's
// size quotas do.
func policySize(doc string) int {
	n := 0
	for _, r := range doc {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// checkPolicyArn accepts arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME.
func checkPolicyArn(arn string) error {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" || !strings.HasPrefix(parts[5], "policy/") || strings.HasSuffix(parts[5], "/") {
		return invalidInput("ARN %s is not valid.", arn)
	}
	return nil
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
