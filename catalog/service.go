package catalog

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// Service is an AWS service as the Service Authorization Reference lists it
// ("Actions, resources, and condition keys for Amazon S3"): its prefix, its
// name, and its actions, resource types and condition keys, which are read
// the first time one of them is asked for.
type Service struct {
	Prefix string // "s3"
	Name   string // "Amazon S3"

	c            *Catalog
	first, count int // the ordinals of its actions

	once sync.Once
	d    *serviceData
}

// serviceData is what a service's own file holds.
type serviceData struct {
	actions       []Action
	resourceTypes []ResourceType
	conditionKeys []ConditionKey
	typeByName    map[string]*ResourceType // by lower-case name
	keyByName     map[string]*ConditionKey // by lower-case name, templates excepted
	templates     []*ConditionKey          // keys with a ${...} or <...> part
}

// Action is an action of a service: a permission an IAM policy grants or
// denies (the Actions table of the service's page in the Service
// Authorization Reference). Like everything the catalog returns, it is
// shared: read it, never change it.
type Action struct {
	Service     *Service
	Name        string // "GetObject", as AWS spells it
	Description string
	AccessLevel AccessLevel
	// ResourceTypes are the resource types the action can be limited to,
	// in the reference's order. An action without resource-level
	// permissions has one row, whose ResourceType is nil: the resource
	// "*".
	ResourceTypes []ActionResourceType
	// ConditionKeys are the keys that apply to the action whatever the
	// resource.
	ConditionKeys []*ConditionKey
	// DependentActions are other actions the caller needs for this one
	// ("service:Name").
	DependentActions []string

	full string
}

// String returns the action's name with its service's prefix:
// "s3:GetObject".
func (a *Action) String() string { return a.full }

// ActionResourceType is a row of an action's resource types.
type ActionResourceType struct {
	// ResourceType is nil for the resource "*" of actions without
	// resource-level permissions.
	ResourceType *ResourceType
	// Required: a statement that limits the action's resources must
	// name resources of this type for the action to be allowed
	// (reference_policies_actions-resources-contextkeys.html, "Required
	// resources are indicated in the table with an asterisk").
	Required bool
	// ConditionKeys apply to the action on resources of this type.
	ConditionKeys    []*ConditionKey
	DependentActions []string
}

// Name returns the resource type's name, or "*".
func (r ActionResourceType) Name() string {
	if r.ResourceType == nil {
		return "*"
	}
	return r.ResourceType.Name
}

// ResourceType is a resource type of a service, with the format of its
// ARNs (the Resource types table of the service's page).
type ResourceType struct {
	Service *Service
	Name    string // "object"
	// ARNFormat is the reference's ARN with placeholders:
	// "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
	ARNFormat string
	// ConditionKeys apply to every action on resources of this type.
	ConditionKeys []*ConditionKey

	format arnFormat
}

// AccessLevel is the classification of an action by the level of access it
// grants: List, Read, Write, Permissions management or Tagging
// (reference_policies_actions-resources-contextkeys.html,
// "The Access level column").
type AccessLevel uint8

// The access levels.
const (
	List AccessLevel = iota + 1
	Read
	Write
	PermissionsManagement
	Tagging
)

// AccessLevels returns the access levels in the reference's order.
func AccessLevels() []AccessLevel {
	return []AccessLevel{List, Read, Write, PermissionsManagement, Tagging}
}

// String returns the reference's name: "Permissions management".
func (l AccessLevel) String() string {
	if int(l) < len(catdata.AccessLevels) && l > 0 {
		return catdata.AccessLevels[l]
	}
	return fmt.Sprintf("AccessLevel(%d)", uint8(l))
}

// ParseAccessLevel reads an access level written as String writes it, in any
// case, with spaces, hyphens or underscores between words or none:
// "Permissions management", "permissions-management", "PermissionsManagement".
func ParseAccessLevel(s string) (AccessLevel, bool) {
	squash := func(s string) string {
		return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s))
	}
	for _, l := range AccessLevels() {
		if squash(l.String()) == squash(s) {
			return l, true
		}
	}
	return 0, false
}

// data returns what the service's own file holds, reading it the first
// time.
func (s *Service) data() *serviceData {
	s.once.Do(func() {
		d, err := s.load()
		if err != nil {
			panic(fmt.Sprintf("catalog: the embedded data of service %s is corrupt: %v", s.Prefix, err))
		}
		s.d = d
	})
	return s.d
}

// Actions returns the service's actions, ordered by their names in lower
// case.
func (s *Service) Actions() []*Action {
	d := s.data()
	out := make([]*Action, len(d.actions))
	for i := range d.actions {
		out[i] = &d.actions[i]
	}
	return out
}

// ResourceTypes returns the service's resource types, ordered by their
// names in lower case.
func (s *Service) ResourceTypes() []*ResourceType {
	d := s.data()
	out := make([]*ResourceType, len(d.resourceTypes))
	for i := range d.resourceTypes {
		out[i] = &d.resourceTypes[i]
	}
	return out
}

// ResourceType returns the service's resource type called name, in any
// case.
func (s *Service) ResourceType(name string) (*ResourceType, bool) {
	t, ok := s.data().typeByName[strings.ToLower(name)]
	return t, ok
}

// ConditionKeys returns the condition keys the service's page lists, ordered
// by their names in lower case. They include global keys the service
// supports (aws:RequestTag/${TagKey}), with the service's description.
func (s *Service) ConditionKeys() []*ConditionKey {
	d := s.data()
	out := make([]*ConditionKey, len(d.conditionKeys))
	for i := range d.conditionKeys {
		out[i] = &d.conditionKeys[i]
	}
	return out
}

// load reads the service's file (catdata's layout).
func (s *Service) load() (*serviceData, error) {
	b, err := fs.ReadFile(s.c.fsys, catdata.ServiceFile(s.Prefix))
	if err != nil {
		return nil, err
	}
	text, err := catdata.Decompress(b)
	if err != nil {
		return nil, err
	}
	r := catdata.NewReader(text, catdata.MagicService)
	strs := r.Strings()
	if prefix := r.Ref(strs); prefix != s.Prefix && r.Err() == nil {
		return nil, fmt.Errorf("the file is service %s's", prefix)
	}
	d := &serviceData{}

	d.conditionKeys = make([]ConditionKey, r.Count())
	d.keyByName = make(map[string]*ConditionKey, len(d.conditionKeys))
	for i := range d.conditionKeys {
		k := &d.conditionKeys[i]
		k.Service = s
		k.Name = r.Ref(strs)
		k.Type = KeyType(r.Index(len(catdata.KeyTypes)))
		k.Description = r.Ref(strs)
		k.template = parseTemplate(k.Name)
		if k.template.literal() {
			d.keyByName[strings.ToLower(k.Name)] = k
		} else {
			d.templates = append(d.templates, k)
		}
	}
	keys := func() []*ConditionKey {
		n := r.Count()
		if n == 0 {
			return nil
		}
		out := make([]*ConditionKey, n)
		for i := range out {
			out[i] = &d.conditionKeys[r.Index(len(d.conditionKeys))]
		}
		return out
	}
	refs := func() []string {
		n := r.Count()
		if n == 0 {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			out[i] = r.Ref(strs)
		}
		return out
	}

	d.resourceTypes = make([]ResourceType, r.Count())
	d.typeByName = make(map[string]*ResourceType, len(d.resourceTypes))
	for i := range d.resourceTypes {
		t := &d.resourceTypes[i]
		t.Service = s
		t.Name = r.Ref(strs)
		t.ARNFormat = r.Ref(strs)
		t.ConditionKeys = keys()
		t.format = parseARNFormat(t.ARNFormat)
		d.typeByName[strings.ToLower(t.Name)] = t
	}

	if n := r.Count(); n != s.count && r.Err() == nil {
		return nil, fmt.Errorf("%d actions, the index has %d", n, s.count)
	}
	d.actions = make([]Action, s.count)
	for i := range d.actions {
		a := &d.actions[i]
		a.Service = s
		a.full = s.c.fullName(s.first + i)
		a.Name = a.full[len(s.Prefix)+1:]
		if name := r.Ref(strs); name != a.Name && r.Err() == nil {
			return nil, fmt.Errorf("action %s, the index has %s", name, a.Name)
		}
		a.Description = r.Ref(strs)
		a.AccessLevel = AccessLevel(r.Index(len(catdata.AccessLevels)))
		if n := r.Count(); n > 0 {
			a.ResourceTypes = make([]ActionResourceType, n)
			for j := range a.ResourceTypes {
				rt := &a.ResourceTypes[j]
				rt.ResourceType = &d.resourceTypes[r.Index(len(d.resourceTypes))]
				rt.Required = r.Bool()
				rt.ConditionKeys = keys()
				rt.DependentActions = refs()
			}
		} else {
			a.ResourceTypes = anyResource
		}
		a.ConditionKeys = keys()
		a.DependentActions = refs()
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// anyResource is the resource types of actions without resource-level
// permissions: "*" alone.
var anyResource = []ActionResourceType{{}}
