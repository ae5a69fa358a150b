package catalog_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iamsim/iamsim/catalog"
)

// reference is testdata/reference.json: facts from the AWS documentation,
// each case citing its page.
type reference struct {
	Actions []struct {
		Doc, Action, AccessLevel string
		// ResourceTypes maps each resource type to its ARN format ("*"
		// to "").
		ResourceTypes map[string]string
		Required      []string
		ConditionKeys map[string]string // name to type
	}
	UnknownActions []struct {
		Doc, Action, Nearest string
	}
	ARNs []struct {
		Doc, Service, Action, ARN string
		Want                      []string
	}
	ConditionKeys []struct {
		Doc, Name, Key, Type string
	}
	Expansions []struct {
		Doc                string
		Patterns           []string
		Within             string
		NotActions         []string
		Includes, Excludes []string
	}
	ManagedPolicies []struct {
		Doc, Name, Arn, Path, DefaultVersion string
		Versions                             []string
		CreateDate, UpdateDate               string
		Document                             string
		DocumentHas                          []string
		VersionDocuments                     map[string]string
	}
}

func readReference(t *testing.T) *reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return &ref
}

func TestReferenceActions(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, tc := range readReference(t).Actions {
		t.Run(tc.Action, func(t *testing.T) {
			t.Parallel()
			t.Log(tc.Doc)
			a, ok := c.Action(tc.Action)
			if !ok {
				t.Fatalf("Action(%q): not found", tc.Action)
			}
			if a.String() != tc.Action || a.Service.Prefix+":"+a.Name != tc.Action {
				t.Errorf("names %q, %q:%q", a.String(), a.Service.Prefix, a.Name)
			}
			if got := a.AccessLevel.String(); got != tc.AccessLevel {
				t.Errorf("AccessLevel %s, want %s", got, tc.AccessLevel)
			}
			if a.Description == "" {
				t.Error("no Description")
			}
			if tc.ResourceTypes != nil {
				got := map[string]string{}
				var required []string
				for _, r := range a.ResourceTypes {
					got[r.Name()] = ""
					if r.ResourceType != nil {
						got[r.Name()] = r.ResourceType.ARNFormat
					}
					if r.Required {
						required = append(required, r.Name())
					}
				}
				if !equalMaps(got, tc.ResourceTypes) {
					t.Errorf("resource types %v, want %v", got, tc.ResourceTypes)
				}
				if !slices.Equal(required, tc.Required) {
					t.Errorf("required resource types %v, want %v", required, tc.Required)
				}
			}
			for name, typ := range tc.ConditionKeys {
				i := slices.IndexFunc(a.ConditionKeys, func(k *catalog.ConditionKey) bool { return k.Name == name })
				if i < 0 {
					t.Errorf("condition key %s missing", name)
				} else if got := a.ConditionKeys[i].Type.String(); got != typ {
					t.Errorf("condition key %s: type %s, want %s", name, got, typ)
				}
			}
			// Any case finds the same action.
			for _, name := range []string{strings.ToUpper(tc.Action), strings.ToLower(tc.Action)} {
				if b, ok := c.Action(name); !ok || b != a {
					t.Errorf("Action(%q) = %v, %v; want the same action", name, b, ok)
				}
			}
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestReferenceUnknownActions(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, tc := range readReference(t).UnknownActions {
		t.Run(tc.Action, func(t *testing.T) {
			t.Parallel()
			t.Log(tc.Doc)
			if a, ok := c.Action(tc.Action); ok {
				t.Fatalf("Action(%q) = %v, want none", tc.Action, a)
			}
			got := c.NearestActions(tc.Action)
			if tc.Nearest == "" {
				if len(got) != 0 {
					t.Errorf("NearestActions = %v, want none", got)
				}
				return
			}
			if len(got) == 0 || got[0] != tc.Nearest || len(got) > 3 {
				t.Errorf("NearestActions = %v, want %s first, three at most", got, tc.Nearest)
			}
		})
	}
}

func TestReferenceARNs(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, tc := range readReference(t).ARNs {
		t.Run(tc.ARN, func(t *testing.T) {
			t.Parallel()
			t.Log(tc.Doc)
			var got []string
			if tc.Action != "" {
				a, ok := c.Action(tc.Action)
				if !ok {
					t.Fatalf("Action(%q): not found", tc.Action)
				}
				for _, r := range a.ResourceTypesFor(tc.ARN) {
					got = append(got, r.Name())
				}
			} else {
				s, ok := c.Service(tc.Service)
				if !ok {
					t.Fatalf("Service(%q): not found", tc.Service)
				}
				for _, r := range s.ResourceTypesFor(tc.ARN) {
					got = append(got, r.Name)
					if !r.Match(tc.ARN) {
						t.Errorf("%s.Match is false", r.Name)
					}
				}
			}
			if !slices.Equal(got, tc.Want) && len(got)+len(tc.Want) > 0 {
				t.Errorf("resource types %v, want %v", got, tc.Want)
			}
		})
	}
}

func TestReferenceConditionKeys(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, tc := range readReference(t).ConditionKeys {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			t.Log(tc.Doc)
			k, ok := c.ConditionKey(tc.Name)
			if tc.Key == "" {
				if ok {
					t.Errorf("ConditionKey = %s, want none", k.Name)
				}
				return
			}
			if !ok {
				t.Fatal("not found")
			}
			if k.Name != tc.Key || k.Type.String() != tc.Type {
				t.Errorf("ConditionKey = %s %s, want %s %s", k.Name, k.Type, tc.Key, tc.Type)
			}
			if !k.Match(tc.Name) {
				t.Error("the key does not Match the name it was found by")
			}
			if global := strings.HasPrefix(tc.Key, "aws:"); global != (k.Service == nil) {
				t.Errorf("Service = %v for %s", k.Service, tc.Key)
			}
			if k.IsTemplate() != strings.ContainsAny(tc.Key, "$<") {
				t.Errorf("IsTemplate = %v", k.IsTemplate())
			}
		})
	}
}

func TestReferenceExpansions(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, tc := range readReference(t).Expansions {
		name := strings.Join(tc.Patterns, " ")
		if tc.Within != "" {
			name = tc.Within + " not " + strings.Join(tc.NotActions, " ")
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			t.Log(tc.Doc)
			var got []*catalog.Action
			var err error
			if tc.Within != "" {
				got, err = c.ExpandNotAction(tc.Within, tc.NotActions...)
			} else {
				got, err = c.ExpandAction(tc.Patterns...)
			}
			if err != nil {
				t.Fatal(err)
			}
			names := make([]string, len(got))
			for i, a := range got {
				names[i] = a.String()
			}
			for _, w := range tc.Includes {
				if !slices.Contains(names, w) {
					t.Errorf("%s missing", w)
				}
			}
			for _, w := range tc.Excludes {
				if slices.Contains(names, w) {
					t.Errorf("%s present", w)
				}
			}
			checkOrder(t, got)
		})
	}
}

// checkOrder checks that actions come once each, by service prefix, then
// by name in lower case.
func checkOrder(t *testing.T, actions []*catalog.Action) {
	t.Helper()
	for i := 1; i < len(actions); i++ {
		a, b := actions[i-1], actions[i]
		if a.Service.Prefix > b.Service.Prefix ||
			a.Service == b.Service && strings.ToLower(a.Name) >= strings.ToLower(b.Name) {
			t.Fatalf("%s before %s", a, b)
		}
	}
}

func TestReferenceManagedPolicies(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, tc := range readReference(t).ManagedPolicies {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			t.Log(tc.Doc)
			p, ok := c.ManagedPolicy(tc.Name)
			if !ok {
				t.Fatal("not found")
			}
			if p.Arn != tc.Arn || p.Path != tc.Path || !strings.HasSuffix(p.Arn, p.Path+p.PolicyName) {
				t.Errorf("Arn %s, Path %s; want %s, %s", p.Arn, p.Path, tc.Arn, tc.Path)
			}
			if q, ok := c.ManagedPolicy(p.Arn); !ok || q != p {
				t.Error("the policy's ARN finds another")
			}
			if tc.DefaultVersion != "" && p.DefaultVersionId != tc.DefaultVersion {
				t.Errorf("DefaultVersionId %s, want %s", p.DefaultVersionId, tc.DefaultVersion)
			}
			var ids []string
			for _, v := range p.Versions {
				ids = append(ids, v.VersionId)
				if v.IsDefaultVersion != (v.VersionId == p.DefaultVersionId) {
					t.Errorf("%s: IsDefaultVersion %v", v.VersionId, v.IsDefaultVersion)
				}
			}
			if tc.Versions != nil && !slices.Equal(ids, tc.Versions) {
				t.Errorf("versions %v, want %v", ids, tc.Versions)
			}
			for _, d := range []struct {
				want string
				got  time.Time
			}{{tc.CreateDate, p.CreateDate}, {tc.UpdateDate, p.UpdateDate}} {
				if d.want != "" && d.got.Format(time.RFC3339) != d.want {
					t.Errorf("date %s, want %s", d.got.Format(time.RFC3339), d.want)
				}
			}
			doc := p.Document()
			if tc.Document != "" && doc != tc.Document {
				t.Errorf("Document %s, want %s", doc, tc.Document)
			}
			for _, w := range tc.DocumentHas {
				if !strings.Contains(doc, `"`+w+`"`) {
					t.Errorf("the document lacks %q", w)
				}
			}
			for id, want := range tc.VersionDocuments {
				if got, ok := p.VersionDocument(id); !ok || got != want {
					t.Errorf("VersionDocument(%s) = %s, %v; want %s", id, got, ok, want)
				}
			}
			if _, ok := p.VersionDocument("v0"); ok {
				t.Error("VersionDocument(v0) found")
			}
		})
	}
}
