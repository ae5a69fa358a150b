package catalog

import (
	"strings"
)

// An ARN format of the reference ("arn:${Partition}:s3:::${BucketName}/${ObjectName}")
// is matched as a pattern: literal text matches itself, a placeholder
// ${...} one or more characters, and a * (a few formats have one) any
// characters. ARNs are read component by component, as reference-arns.md
// describes them: partition, service, region and account are the text
// between the first five colons, each matched on its own, and the resource
// is all that follows the fifth colon, slashes and colons included. So a
// placeholder of the first four stays within its component, and one of
// the resource part may span several path segments (${ObjectName},
// ${RoleNameWithPath}).
//
// An ARN can then fit several formats: arn:aws:s3:::b/k fits the bucket's
// arn:${Partition}:s3:::${BucketName} (BucketName = "b/k") as well as the
// object's. The closest fits are those whose placeholders took the fewest
// separators ('/' and ':'): the object's took none.

// arnComponents is the number of components before the resource part.
const arnComponents = 5

// arnFormat is a compiled ARN format.
type arnFormat struct {
	parts [arnComponents + 1][]segment // "arn", partition, service, region, account, resource
	ok    bool                         // the format has five colons
}

// segment is literal text or a placeholder.
type segment struct {
	lit  string
	wild bool
	min  int // the placeholder's least length: 1 for ${...}, 0 for *
}

// parseARNFormat compiles an ARN format.
func parseARNFormat(format string) arnFormat {
	var f arnFormat
	parts, ok := splitARN(format)
	if !ok {
		return f
	}
	f.ok = true
	for i, p := range parts {
		f.parts[i] = parseSegments(p)
	}
	return f
}

// splitARN cuts an ARN at its first five colons. A colon inside a ${...}
// placeholder does not count.
func splitARN(s string) (parts [arnComponents + 1]string, ok bool) {
	start, n, depth := 0, 0, 0
	for i := 0; i < len(s) && n < arnComponents; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < arnComponents {
		return parts, false
	}
	parts[arnComponents] = s[start:]
	return parts, true
}

// parseSegments splits text into literals and placeholders.
func parseSegments(s string) []segment {
	var segs []segment
	for s != "" {
		switch {
		case strings.HasPrefix(s, "${"):
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return append(segs, segment{lit: s})
			}
			segs = append(segs, segment{wild: true, min: 1})
			s = s[end+1:]
		case s[0] == '*':
			segs = append(segs, segment{wild: true})
			s = s[1:]
		default:
			end := len(s)
			if i := strings.IndexAny(s, "$*"); i > 0 {
				end = i
			} else if i == 0 { // a "$" not starting a placeholder
				end = 1
			}
			if n := len(segs); n > 0 && !segs[n-1].wild {
				segs[n-1].lit += s[:end]
			} else {
				segs = append(segs, segment{lit: s[:end]})
			}
			s = s[end:]
		}
	}
	return segs
}

// match reports whether arn fits the format, and how many separators its
// placeholders took.
func (f *arnFormat) match(arn string) (cost int, ok bool) {
	if !f.ok {
		return 0, false
	}
	parts, ok := splitARN(arn)
	if !ok {
		return 0, false
	}
	for i, p := range parts {
		c, ok := matchSegments(f.parts[i], p)
		if !ok {
			return 0, false
		}
		cost += c
	}
	return cost, true
}

// matchSegments matches s against segs and returns the least number of
// separators the placeholders take over all the ways it matches. Each state
// (segment, position) is solved once, so the work is bounded by the number
// of segments times the square of the length.
func matchSegments(segs []segment, s string) (int, bool) {
	// seps[i] counts the separators in s[:i].
	seps := make([]int, len(s)+1)
	for i := range len(s) {
		seps[i+1] = seps[i]
		if s[i] == '/' || s[i] == ':' {
			seps[i+1]++
		}
	}
	const unknown, none = -2, -1
	memo := make([]int, (len(segs)+1)*(len(s)+1))
	for i := range memo {
		memo[i] = unknown
	}
	var solve func(k, i int) int
	solve = func(k, i int) int {
		if k == len(segs) {
			if i == len(s) {
				return 0
			}
			return none
		}
		slot := k*(len(s)+1) + i
		if memo[slot] != unknown {
			return memo[slot]
		}
		best := none
		if sg := segs[k]; !sg.wild {
			if strings.HasPrefix(s[i:], sg.lit) {
				best = solve(k+1, i+len(sg.lit))
			}
		} else {
			for j := i + sg.min; j <= len(s); j++ {
				// A literal must follow at j: skip the ends where it
				// cannot.
				if k+1 < len(segs) && !segs[k+1].wild && !strings.HasPrefix(s[j:], segs[k+1].lit) {
					continue
				}
				if rest := solve(k+1, j); rest != none {
					if c := rest + seps[j] - seps[i]; best == none || c < best {
						best = c
					}
				}
			}
		}
		memo[slot] = best
		return best
	}
	c := solve(0, 0)
	return c, c != none
}

// Match reports whether arn fits the resource type's ARN format (see
// Service.ResourceTypesFor for how).
func (t *ResourceType) Match(arn string) bool {
	_, ok := t.format.match(arn)
	return ok
}

// ResourceTypesFor returns the resource types of the service whose ARN
// format arn fits most closely: placeholders stand for one or more
// characters within their ARN component (partition, region, account) or of
// the resource part, which may span slashes; of the formats that fit, those
// whose placeholders take the fewest '/' and ':' are returned, so that
// arn:aws:s3:::b/k is an object rather than a bucket named "b/k". It
// returns nothing for an ARN no format fits, and for "*".
func (s *Service) ResourceTypesFor(arn string) []*ResourceType {
	d := s.data()
	var out []*ResourceType
	best := -1
	for i := range d.resourceTypes {
		t := &d.resourceTypes[i]
		c, ok := t.format.match(arn)
		switch {
		case !ok || best >= 0 && c > best:
		case best < 0 || c < best:
			out, best = append(out[:0], t), c
		default:
			out = append(out, t)
		}
	}
	return out
}

// ResourceTypesFor returns the rows of the action's resource types whose
// format arn fits most closely, as Service.ResourceTypesFor chooses them.
// It returns nothing when arn fits none of them: the action does not take
// such a resource.
func (a *Action) ResourceTypesFor(arn string) []ActionResourceType {
	var out []ActionResourceType
	best := -1
	for _, r := range a.ResourceTypes {
		if r.ResourceType == nil {
			continue
		}
		c, ok := r.ResourceType.format.match(arn)
		switch {
		case !ok || best >= 0 && c > best:
		case best < 0 || c < best:
			out, best = append(out[:0], r), c
		default:
			out = append(out, r)
		}
	}
	return out
}
