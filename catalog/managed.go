package catalog

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// ManagedPolicy is an AWS managed policy: its metadata as IAM's GetPolicy
// and ListPolicyVersions report it, and its versions' documents, read
// from the embedded data when asked for. Fields are named as in the IAM
// API (and as in account.ManagedPolicy).
//
// The data keeps what IAM served when the source package recorded the
// policy: a version deleted before it was first recorded is missing (a
// policy may list v1, v3 and v4), and the documents are compact JSON of
// the recorded text, members in their order, without its spacing. A few
// are longer than IAM takes from its callers (policy.MaxDocumentChars).
// IAM gives AWS managed policies IDs (PolicyId) and descriptions that the
// data does not have.
type ManagedPolicy struct {
	PolicyName string // "ReadOnlyAccess"
	// Arn is arn:aws:iam::aws:policy + Path + PolicyName.
	Arn              string
	Path             string // "/", "/service-role/", "/job-function/", ...
	DefaultVersionId string // "v188"; the newest version
	CreateDate       time.Time
	UpdateDate       time.Time
	// Versions are the recorded versions, oldest first.
	Versions []ManagedPolicyVersion

	c *Catalog
}

// ManagedPolicyVersion is a version of an AWS managed policy.
type ManagedPolicyVersion struct {
	VersionId        string // "v3"
	CreateDate       time.Time
	IsDefaultVersion bool
}

// policySet is the AWS managed policies, read from the policy index.
type policySet struct {
	list   []*ManagedPolicy // by name
	byName map[string]*ManagedPolicy
	byArn  map[string]*ManagedPolicy
}

// managedPolicies reads the policy index the first time.
func (c *Catalog) managedPolicies() *policySet {
	c.policiesOnce.Do(func() {
		ps, err := loadPolicies(c)
		if err != nil {
			panic("catalog: the embedded data of AWS managed policies is corrupt: " + err.Error())
		}
		c.policies = ps
	})
	return c.policies
}

// ManagedPolicies returns the AWS managed policies, by name. The first
// call reads their metadata; documents are read by Document and
// VersionDocument.
func (c *Catalog) ManagedPolicies() []*ManagedPolicy {
	return append([]*ManagedPolicy(nil), c.managedPolicies().list...)
}

// ManagedPolicy returns the AWS managed policy whose ARN
// (arn:aws:iam::aws:policy/job-function/ViewOnlyAccess) or name
// (ViewOnlyAccess) is arnOrName, exactly.
func (c *Catalog) ManagedPolicy(arnOrName string) (*ManagedPolicy, bool) {
	ps := c.managedPolicies()
	if p, ok := ps.byArn[arnOrName]; ok {
		return p, true
	}
	p, ok := ps.byName[arnOrName]
	return p, ok
}

// Document returns the text of the policy's default version.
func (p *ManagedPolicy) Document() string {
	doc, _ := p.VersionDocument(p.DefaultVersionId)
	return doc
}

// VersionDocument returns the text of the version versionId ("v3"), and
// false if the policy has no such version. Versions are stored newest
// first, so the default version is read without the older ones.
func (p *ManagedPolicy) VersionDocument(versionId string) (string, bool) {
	n, ok := versionNumber(versionId)
	if !ok {
		return "", false
	}
	b, err := fs.ReadFile(p.c.fsys, catdata.PolicyFile(p.PolicyName))
	if err != nil {
		panic("catalog: the embedded data of AWS managed policies is incomplete: " + err.Error())
	}
	doc, found, err := catdata.PolicyDocument(b, n)
	if err != nil {
		panic("catalog: the embedded data of AWS managed policy " + p.PolicyName + " is corrupt: " + err.Error())
	}
	return doc, found
}

// versionNumber reads "vN".
func versionNumber(id string) (int, bool) {
	if !strings.HasPrefix(id, "v") {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	return n, err == nil && n > 0
}

// awsPolicyARN starts the ARN of every AWS managed policy.
const awsPolicyARN = "arn:aws:iam::aws:policy"

// loadPolicies reads the policy index (catdata's layout).
func loadPolicies(c *Catalog) (*policySet, error) {
	b, err := fs.ReadFile(c.fsys, catdata.PolicyIndex)
	if err != nil {
		return nil, err
	}
	text, err := catdata.Decompress(b)
	if err != nil {
		return nil, err
	}
	r := catdata.NewReader(text, catdata.MagicPolicyIndex)
	n := r.Count()
	ps := &policySet{
		list:   make([]*ManagedPolicy, n),
		byName: make(map[string]*ManagedPolicy, n),
		byArn:  make(map[string]*ManagedPolicy, n),
	}
	all := make([]ManagedPolicy, n)
	unix := func() time.Time { return time.Unix(int64(r.Uint()), 0).UTC() }
	for i := range all {
		p := &all[i]
		p.c = c
		p.PolicyName = r.Text()
		p.Path = r.Text()
		p.Arn = awsPolicyARN + p.Path + p.PolicyName
		p.DefaultVersionId = "v" + strconv.Itoa(r.Uint())
		p.CreateDate = unix()
		p.UpdateDate = unix()
		p.Versions = make([]ManagedPolicyVersion, r.Count())
		// Stored newest first; listed oldest first.
		for j := len(p.Versions) - 1; j >= 0; j-- {
			v := &p.Versions[j]
			v.VersionId = "v" + strconv.Itoa(r.Uint())
			v.CreateDate = unix()
			v.IsDefaultVersion = v.VersionId == p.DefaultVersionId
		}
		ps.list[i] = p
		ps.byName[p.PolicyName] = p
		ps.byArn[p.Arn] = p
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if len(ps.byName) != n {
		return nil, fmt.Errorf("%s: policy names repeat", catdata.PolicyIndex)
	}
	return ps, nil
}
