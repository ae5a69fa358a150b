package catalog

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// Catalog is the service catalog: AWS's services with their actions,
// resource types and condition keys, the global condition keys, and the AWS
// managed policies. It is immutable and safe for concurrent use; what it
// holds is decoded on first use, a service at a time.
type Catalog struct {
	fsys     fs.FS
	services []*Service // by prefix
	byPrefix map[string]*Service

	// Every action has an ordinal: services in prefix order, each
	// service's actions in the order of their lower-case names. Its
	// "prefix:Name" is full[starts[o]:starts[o+1]], and lower holds the
	// same text in lower case.
	full, lower string
	starts      []uint32
	serviceOf   []uint16
	ordinals    map[string]uint32 // by lower-case "prefix:name"

	// Condition key prefixes that are not their service's prefix.
	foreignKeys []foreignKeyPrefix

	policiesOnce sync.Once
	policies     *policySet
}

// foreignKeyPrefix is a condition key prefix ("token.actions.githubusercontent.com")
// and the services that define keys with it.
type foreignKeyPrefix struct {
	prefix   template
	services []*Service
}

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := load(dataFS())
	if err != nil {
		panic("catalog: the embedded data is corrupt: " + err.Error())
	}
	return c
})

// Default returns the catalog of the data built into iamsim: the Service
// Authorization Reference and the AWS managed policies, as of the pinned
// versions of the npm packages they come from (see the package
// documentation). The first call reads the index of services and actions;
// every call returns the same Catalog.
func Default() *Catalog { return defaultCatalog() }

// load reads the service index of fsys (catdata's layout).
func load(fsys fs.FS) (*Catalog, error) {
	b, err := fs.ReadFile(fsys, catdata.ServiceIndex)
	if err != nil {
		return nil, err
	}
	text, err := catdata.Decompress(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", catdata.ServiceIndex, err)
	}
	r := catdata.NewReader(text, catdata.MagicServiceIndex)
	n := r.Count()
	c := &Catalog{fsys: fsys, services: make([]*Service, 0, n), byPrefix: make(map[string]*Service, n)}
	full := make([]byte, 0, len(text))
	c.starts = make([]uint32, 0, len(text)/16)
	for range n {
		s := &Service{c: c, Prefix: r.Text(), Name: r.Text(), first: len(c.starts)}
		for range r.Count() {
			c.starts = append(c.starts, uint32(len(full)))
			c.serviceOf = append(c.serviceOf, uint16(len(c.services)))
			full = append(full, s.Prefix...)
			full = append(full, ':')
			full = append(full, r.Text()...)
		}
		s.count = len(c.starts) - s.first
		c.services = append(c.services, s)
		c.byPrefix[s.Prefix] = s
	}
	c.starts = append(c.starts, uint32(len(full)))
	for range r.Count() {
		fk := foreignKeyPrefix{prefix: parseTemplate(r.Text())}
		for range r.Count() {
			fk.services = append(fk.services, c.services[r.Index(len(c.services))])
		}
		c.foreignKeys = append(c.foreignKeys, fk)
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", catdata.ServiceIndex, err)
	}
	if len(c.services) > 1<<16 || len(full) > 1<<32-1 {
		return nil, fmt.Errorf("%s: too large", catdata.ServiceIndex)
	}
	// Action names are ASCII, so that lower-casing keeps every offset.
	for _, ch := range full {
		if ch >= utf8.RuneSelf {
			return nil, fmt.Errorf("%s: an action name is not ASCII", catdata.ServiceIndex)
		}
	}
	c.full = string(full)
	c.lower = strings.ToLower(c.full)
	c.ordinals = make(map[string]uint32, len(c.starts)-1)
	for o := range len(c.starts) - 1 {
		c.ordinals[c.lowerName(o)] = uint32(o)
	}
	return c, nil
}

// fullName is the "prefix:Name" of the action with ordinal o.
func (c *Catalog) fullName(o int) string { return c.full[c.starts[o]:c.starts[o+1]] }

// lowerName is fullName in lower case.
func (c *Catalog) lowerName(o int) string { return c.lower[c.starts[o]:c.starts[o+1]] }

// action returns the action with ordinal o, reading its service if need be.
func (c *Catalog) action(o int) *Action {
	s := c.services[c.serviceOf[o]]
	return &s.data().actions[o-s.first]
}

// Services returns every service, by prefix.
func (c *Catalog) Services() []*Service {
	return append([]*Service(nil), c.services...)
}

// Service returns the service whose prefix is prefix, in any case ("s3",
// "S3").
func (c *Catalog) Service(prefix string) (*Service, bool) {
	s, ok := c.byPrefix[prefix]
	if !ok {
		s, ok = c.byPrefix[strings.ToLower(prefix)]
	}
	return s, ok
}

// maxLookup bounds the names Action lower-cases on the stack; the IAM API
// takes action names of at most 128 characters.
const maxLookup = 256

// Action returns the action called name, "prefix:Name" in any case
// ("s3:GetObject", "S3:getobject"), as policies name actions
// (reference_policies_elements_action.md: "The prefix and the action name
// are case insensitive"). The first action asked for of a service reads
// the service; after that, Action does not allocate.
func (c *Catalog) Action(name string) (*Action, bool) {
	o, ok := c.ordinal(name)
	if !ok {
		return nil, false
	}
	return c.action(o), true
}

// ordinal returns the ordinal of the action called name, in any case.
func (c *Catalog) ordinal(name string) (int, bool) {
	if len(name) <= maxLookup {
		var buf [maxLookup]byte
		b := buf[:len(name)]
		ascii := true
		for i := 0; i < len(name); i++ {
			ch := name[i]
			if ch >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= ch && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			b[i] = ch
		}
		if ascii {
			o, ok := c.ordinals[string(b)]
			return int(o), ok
		}
	}
	// Policies fold case as strings.ToLower does, which maps a few
	// non-ASCII letters (the Kelvin sign) to ASCII ones.
	o, ok := c.ordinals[strings.ToLower(name)]
	return int(o), ok
}
