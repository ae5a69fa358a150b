package catalog

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
	"github.com/iamsim/iamsim/policy"
)

// The committed data is what its manifest says: every embedded file has
// the SHA-256 the generator recorded, and no file is missing or extra.
func TestDataMatchesManifest(t *testing.T) {
	t.Parallel()
	f, err := os.Open("data/" + catdata.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	var sources []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0 || strings.HasPrefix(fields[0], "#"):
		case fields[0] == "source" && len(fields) == 4:
			sources = append(sources, fields[1]+"@"+fields[2])
		case fields[0] == "sha256" && len(fields) == 3:
			want[fields[2]] = fields[1]
		default:
			t.Fatalf("manifest line %q", sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// The pinned versions are the ones package.json names.
	var pkg struct{ Dependencies map[string]string }
	b, err := os.ReadFile("../scripts/catalog-data/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	var pinned []string
	for name, v := range pkg.Dependencies {
		pinned = append(pinned, name+"@"+v)
	}
	slices.Sort(pinned)
	if slices.Sort(sources); !slices.Equal(sources, pinned) {
		t.Errorf("manifest sources %v, package.json pins %v", sources, pinned)
	}

	fsys := dataFS()
	seen := 0
	err = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if got, ok := want[path]; !ok {
			t.Errorf("%s is not in the manifest", path)
		} else if got != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: SHA-256 differs from the manifest's", path)
		}
		seen++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(want) {
		t.Errorf("%d files embedded, the manifest lists %d", seen, len(want))
	}
}

// Every service's file reads, agrees with the index, and links every name
// it uses; every ARN format compiles, and an ARN made from a format by
// putting text in its placeholders is of that resource type.
func TestEveryService(t *testing.T) {
	t.Parallel()
	c, err := load(dataFS())
	if err != nil {
		t.Fatal(err)
	}
	placeholder := regexp.MustCompile(`\$\{[^}]*\}`)
	total := 0
	for _, s := range c.Services() {
		if s.Name == "" {
			t.Errorf("%s has no name", s.Prefix)
		}
		actions := s.Actions()
		total += len(actions)
		for _, a := range actions {
			if a.Service != s || a.AccessLevel < List || a.AccessLevel > Tagging || len(a.ResourceTypes) == 0 {
				t.Errorf("%s: service %v, access level %v, %d resource types", a, a.Service, a.AccessLevel, len(a.ResourceTypes))
			}
			if b, ok := c.Action(a.String()); !ok || b != a {
				t.Errorf("Action(%q) does not find it", a)
			}
		}
		for _, rt := range s.ResourceTypes() {
			if !rt.format.ok {
				t.Errorf("%s %s: ARN format %q does not compile", s.Prefix, rt.Name, rt.ARNFormat)
				continue
			}
			arn := placeholder.ReplaceAllString(strings.ReplaceAll(rt.ARNFormat, "*", "x"), "x")
			if !rt.Match(arn) || !slices.Contains(s.ResourceTypesFor(arn), rt) {
				t.Errorf("%s %s: %s does not fit %s", s.Prefix, rt.Name, arn, rt.ARNFormat)
			}
		}
		for _, k := range s.ConditionKeys() {
			if k.Type < String || k.Type > ArrayOfBinary || !k.Match(k.Name) {
				t.Errorf("%s: condition key %s, type %v", s.Prefix, k.Name, k.Type)
			}
			if got, ok := c.ConditionKey(k.Name); !ok || !got.Match(k.Name) {
				t.Errorf("ConditionKey(%q) does not find it", k.Name)
			}
		}
	}
	all, err := c.ExpandAction("*")
	if err != nil || len(all) != total || total != len(c.starts)-1 {
		t.Errorf("ExpandAction(*) has %d actions (%v), the services %d", len(all), err, total)
	}
	checkSorted(t, c, all)
}

func checkSorted(t *testing.T, c *Catalog, actions []*Action) {
	t.Helper()
	for i := 1; i < len(actions); i++ {
		a, b := actions[i-1], actions[i]
		if a.Service.Prefix > b.Service.Prefix || a.Service == b.Service && strings.ToLower(a.Name) >= strings.ToLower(b.Name) {
			t.Fatalf("%s before %s", a, b)
		}
	}
}

// Every version of every AWS managed policy reads and is JSON, and every
// default version parses as an identity-based policy.
func TestEveryManagedPolicy(t *testing.T) {
	t.Parallel()
	c, err := load(dataFS())
	if err != nil {
		t.Fatal(err)
	}
	policies := c.ManagedPolicies()
	if len(policies) < 1000 {
		t.Fatalf("%d AWS managed policies", len(policies))
	}
	long := 0
	for _, p := range policies {
		if p.Arn != awsPolicyARN+p.Path+p.PolicyName || len(p.Versions) == 0 {
			t.Errorf("%s: ARN %s, %d versions", p.PolicyName, p.Arn, len(p.Versions))
		}
		if last := p.Versions[len(p.Versions)-1]; last.VersionId != p.DefaultVersionId || !last.IsDefaultVersion {
			t.Errorf("%s: the newest version is %s, the default %s", p.PolicyName, last.VersionId, p.DefaultVersionId)
		}
		if p.UpdateDate.Before(p.CreateDate) {
			t.Errorf("%s: updated before it was created", p.PolicyName)
		}
		// The file holds the versions the index lists, newest first.
		b, err := fs.ReadFile(c.fsys, catdata.PolicyFile(p.PolicyName))
		if err != nil {
			t.Fatal(err)
		}
		text, err := catdata.Decompress(b)
		if err != nil {
			t.Fatal(err)
		}
		r := catdata.NewReader(text, catdata.MagicPolicy)
		for i := len(p.Versions) - 1; i >= 0; i-- {
			id, doc := "v"+strconv.Itoa(r.Uint()), r.Text()
			if id != p.Versions[i].VersionId || !json.Valid([]byte(doc)) {
				t.Errorf("%s: %s where the index has %s, valid JSON %v", p.PolicyName, id, p.Versions[i].VersionId, json.Valid([]byte(doc)))
			}
		}
		if err := r.Err(); err != nil {
			t.Errorf("%s: %v", p.PolicyName, err)
		}
		// A few AWS managed policies are longer than IAM takes from its
		// callers (policy.MaxDocumentChars); the rest parse.
		doc := p.Document()
		if utf8.RuneCountInString(doc) > policy.MaxDocumentChars {
			long++
			continue
		}
		if _, err := policy.ParseKindString(doc, policy.KindIdentity); err != nil {
			t.Errorf("%s %s: %v", p.PolicyName, p.DefaultVersionId, err)
		}
	}
	if long > 10 {
		t.Errorf("%d default versions are longer than policy.MaxDocumentChars", long)
	}
}

// Action allocates nothing once the service is read.
func TestActionDoesNotAllocate(t *testing.T) {
	c := Default()
	names := []string{"s3:GetObject", "S3:GETOBJECT", "iam:PassRole", "s3:NoSuchAction", "nosuch:Action"}
	for _, n := range names {
		c.Action(n)
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, n := range names {
			c.Action(n)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run", allocs)
	}
}

// A new catalog used from many goroutines at once reads each service once
// and gives every goroutine the same actions (run with -race).
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	c, err := load(dataFS())
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"s3:GetObject", "iam:PassRole", "ec2:RunInstances", "dynamodb:Query", "kms:Decrypt"}
	got := make([][]*Action, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for _, n := range names {
				a, _ := c.Action(n)
				got[g] = append(got[g], a)
			}
			c.ConditionKey("aws:RequestTag/x")
			c.ManagedPolicy("AdministratorAccess")
		})
	}
	wg.Wait()
	for g := range got {
		if !slices.Equal(got[g], got[0]) || slices.Contains(got[g], nil) {
			t.Fatalf("goroutine %d saw %v, goroutine 0 %v", g, got[g], got[0])
		}
	}
}

func TestParseAccessLevel(t *testing.T) {
	t.Parallel()
	for i, name := range catdata.AccessLevels[1:] {
		if l := AccessLevel(i + 1); l.String() != name {
			t.Errorf("AccessLevel(%d) is %s, the data's code names %s", i+1, l, name)
		}
	}
	for _, tc := range []struct {
		in   string
		want AccessLevel
	}{
		{"Read", Read}, {"read", Read}, {"LIST", List}, {"Write", Write}, {"tagging", Tagging},
		{"Permissions management", PermissionsManagement}, {"permissions-management", PermissionsManagement},
		{"PermissionsManagement", PermissionsManagement}, {"permissions_management", PermissionsManagement},
		{"Admin", 0}, {"", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseAccessLevel(tc.in)
			if got != tc.want || ok != (tc.want != 0) {
				t.Errorf("ParseAccessLevel(%q) = %v, %v", tc.in, got, ok)
			}
		})
	}
	for i, name := range catdata.KeyTypes[1:] {
		if k := KeyType(i + 1); k.String() != name || k.IsArray() != strings.HasPrefix(name, "ArrayOf") {
			t.Errorf("KeyType(%d) is %s, the data's code names %s", i+1, k, name)
		}
	}
}

func TestTemplates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		template, name string
		want           bool
	}{
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/team", true},
		{"aws:RequestTag/${TagKey}", "AWS:requesttag/Team", true},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/", false},
		{"aws:RequestTag/${TagKey}", "aws:RequestTags/x", false},
		{"s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/a/b", true},
		{"agent.${Domain}.buildkite.dev:build_branch", "agent.acme.buildkite.dev:build_branch", true},
		{"agent.${Domain}.buildkite.dev:build_branch", "agent..buildkite.dev:build_branch", false},
		{"codebuild:secondarySources/${sourceIdentifier}.auth.type", "codebuild:secondarySources/src1.auth.type", true},
		{"codebuild:secondarySources/${sourceIdentifier}.auth.type", "codebuild:secondarySources/.auth.type", false},
		{"a:${X}${Y}", "a:xy", true},
		{"a:${X}${Y}", "a:x", false},
		{"a:${X}-${Y}-${Z}", "a:1-2-3-4", true},
		{"a:${X}-${Y}-${Z}", "a:1--3", false},
		{"aws:SourceIp", "aws:sourceip", true},
		{"aws:SourceIp", "aws:SourceIpx", false},
	} {
		t.Run(tc.template+" "+tc.name, func(t *testing.T) {
			if got := parseTemplate(tc.template).match(tc.name); got != tc.want {
				t.Errorf("match = %v", got)
			}
		})
	}
}

func TestARNFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		format, arn string
		cost        int // -1: no match
	}{
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b", 0},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b/k/x", 2},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/k/x", 1},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/", -1},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:us-east-1::b", -1},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws-cn:s3:::b", 0},
		{"arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}", "arn:aws:lambda:us-east-1:1:function:f:prod", 1},
		{"arn:${Partition}:health:*::event/${Service}/${EventTypeCode}/*", "arn:aws:health:us-east-1::event/EC2/X/abc", 0},
		{"arn:${Partition}:health:*::event/${Service}/${EventTypeCode}/*", "arn:aws:health:::event/EC2/X/", 0},
		{"arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}", "arn:aws:ec2:us-east-1::image:ami-1", 0},
		{"arn:${Partition}:s3:::${BucketName}", "*", -1},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3", -1},
	} {
		t.Run(tc.format+" "+tc.arn, func(t *testing.T) {
			f := parseARNFormat(tc.format)
			cost, ok := f.match(tc.arn)
			if !ok {
				cost = -1
			}
			if cost != tc.cost {
				t.Errorf("cost %d, want %d", cost, tc.cost)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"getobject", "getobject", 0}, {"getobjekt", "getobject", 1}, {"getobjcet", "getobject", 1},
		{"getobj", "getobject", 3}, {"", "abc", 3}, {"putobject", "getobject", 2},
	} {
		if got := distance(tc.a, tc.b, 5); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := distance(tc.a, tc.b, 1); got != min(tc.want, 2) {
			t.Errorf("distance(%q, %q) with limit 1 = %d", tc.a, tc.b, got)
		}
	}
}

// ExpandAction counts what it should: every action of a service that the
// pattern matches, no more.
func TestExpandCounts(t *testing.T) {
	t.Parallel()
	c := Default()
	s3, _ := c.Service("s3")
	iam, _ := c.Service("iam")
	for _, tc := range []struct {
		pattern string
		service *Service
		keep    func(lowerName string) bool
	}{
		{"s3:Get*", s3, func(n string) bool { return strings.HasPrefix(n, "get") }},
		{"s3:*", s3, func(string) bool { return true }},
		{"iam:*Policy", iam, func(n string) bool { return strings.HasSuffix(n, "policy") }},
		{"iam:List*s", iam, func(n string) bool { return strings.HasPrefix(n, "list") && strings.HasSuffix(n, "s") }},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			var want []*Action
			for _, a := range tc.service.Actions() {
				if tc.keep(strings.ToLower(a.Name)) {
					want = append(want, a)
				}
			}
			got, err := c.ExpandAction(tc.pattern)
			if err != nil || !slices.Equal(got, want) || len(got) == 0 {
				t.Errorf("ExpandAction(%s): %d actions, %v; want %d", tc.pattern, len(got), err, len(want))
			}
		})
	}
	for _, bad := range []string{"", "s3", "GetObject"} {
		if _, err := c.ExpandAction(bad); err == nil {
			t.Errorf("ExpandAction(%q): no error", bad)
		}
		if _, err := c.ExpandNotAction("*", bad); err == nil {
			t.Errorf("ExpandNotAction(*, %q): no error", bad)
		}
	}
}
