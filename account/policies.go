package account

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/internal/iamshape"
	"github.com/iamsim/iamsim/policy"
)

// CreatePolicyInput is the request of CreatePolicy.
type CreatePolicyInput struct {
	PolicyName string
	// Path is the policy's path ("/" when empty).
	Path           string
	PolicyDocument string
	Description    string
	Tags           []Tag
}

// CreatePolicy creates a customer managed policy with the document as its
// version v1, the default. No other customer managed policy may have the
// name (without regard to case).
func (a *Account) CreatePolicy(in CreatePolicyInput) (*ManagedPolicy, error) {
	var c checker
	c.field(iamshape.PolicyName, in.PolicyName)
	c.optional(iamshape.PolicyPath, in.Path)
	c.field(iamshape.PolicyDocument, in.PolicyDocument)
	c.optional(iamshape.PolicyDescription, in.Description)
	if err := c.err(); err != nil {
		return nil, err
	}
	var out *ManagedPolicy
	err := a.change("CreatePolicy", func(t *tx) error {
		path := pathOr(in.Path)
		arn := a.ARN("policy", path, in.PolicyName)
		if t.customerPolicyNamed(in.PolicyName) {
			return alreadyExists("A policy called %s already exists. Duplicate names are not allowed.", in.PolicyName)
		}
		if err := a.checkManagedDocument(in.PolicyDocument); err != nil {
			return err
		}
		if err := checkTags(in.Tags); err != nil {
			return err
		}
		tags, err := a.quotas.mergeTags(nil, in.Tags, "policy "+in.PolicyName)
		if err != nil {
			return err
		}
		out = &ManagedPolicy{PolicyName: in.PolicyName, PolicyId: t.newID("ANPA"), Arn: arn, Path: path,
			Description: in.Description, DefaultVersionId: "v1", CreateDate: t.now, UpdateDate: t.now,
			Versions:    []PolicyVersion{{VersionId: "v1", Document: in.PolicyDocument, CreateDate: t.now}},
			NextVersion: 2, Tags: tags}
		t.putPolicy(out)
		return nil
	})
	return out, err
}

// customerPolicyNamed reports whether a customer managed policy has the
// name, without regard to case.
func (t *tx) customerPolicyNamed(name string) bool {
	for arn := range t.a.policies {
		if p := t.policy(arn); p != nil && !p.IsAWSManaged() && strings.EqualFold(p.PolicyName, name) {
			return true
		}
	}
	for _, p := range t.policies {
		if p != nil && !p.IsAWSManaged() && strings.EqualFold(p.PolicyName, name) {
			return true
		}
	}
	return false
}

// checkManagedDocument checks a managed policy document: its grammar, then
// its size quota.
func (a *Account) checkManagedDocument(doc string) error {
	if err := checkDocument(doc, policy.KindIdentity); err != nil {
		return err
	}
	if policySize(doc) > a.quotas.ManagedPolicySize {
		return limitExceeded("Cannot exceed quota for PolicySize: %d", a.quotas.ManagedPolicySize)
	}
	return nil
}

// GetPolicy returns the managed policy arn, or NoSuchEntity.
func (a *Account) GetPolicy(arn string) (*ManagedPolicy, error) {
	if err := checkPolicyArn(arn); err != nil {
		return nil, err
	}
	if p := a.Policy(arn); p != nil {
		return p, nil
	}
	return nil, noSuchEntity("Policy %s was not found.", arn)
}

// GetPolicyVersion returns a version of the managed policy arn, or
// NoSuchEntity.
func (a *Account) GetPolicyVersion(arn, versionID string) (*ManagedPolicy, *PolicyVersion, error) {
	p, err := a.GetPolicy(arn)
	if err != nil {
		return nil, nil, err
	}
	v := p.Version(versionID)
	if v == nil {
		return nil, nil, noVersion(arn, versionID)
	}
	return p, v, nil
}

func noVersion(arn, id string) *Error {
	return noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, id)
}

// changeablePolicy finds a customer managed policy for a change.
func (t *tx) changeablePolicy(arn string) (*ManagedPolicy, error) {
	if err := checkPolicyArn(arn); err != nil {
		return nil, err
	}
	p := t.policy(arn)
	if p == nil {
		return nil, noSuchEntity("Policy %s was not found.", arn)
	}
	if p.IsAWSManaged() {
		return nil, invalidInput("Policy %s is an AWS managed policy; it cannot be changed.", arn)
	}
	return p, nil
}

// DeletePolicy deletes a customer managed policy that is attached to
// nothing, used as no permissions boundary, and has only its default
// version left.
func (a *Account) DeletePolicy(arn string) error {
	var c checker
	c.field(iamshape.PolicyArn, arn)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("DeletePolicy", func(t *tx) error {
		p, err := t.changeablePolicy(arn)
		if err != nil {
			return err
		}
		if att, pb := t.usage(arn); att+pb > 0 {
			return deleteConflict("Cannot delete a policy attached to entities.")
		}
		if len(p.Versions) > 1 {
			return deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
		}
		t.deletePolicy(arn)
		return nil
	})
}

// CreatePolicyVersion adds a version to a customer managed policy and, with
// setAsDefault, makes it the default. It returns the policy as the change
// left it, and the new version.
func (a *Account) CreatePolicyVersion(arn, document string, setAsDefault bool) (*ManagedPolicy, *PolicyVersion, error) {
	var c checker
	c.field(iamshape.PolicyArn, arn)
	c.field(iamshape.PolicyDocument, document)
	if err := c.err(); err != nil {
		return nil, nil, err
	}
	var pol *ManagedPolicy
	var out *PolicyVersion
	err := a.change("CreatePolicyVersion", func(t *tx) error {
		p, err := t.changeablePolicy(arn)
		if err != nil {
			return err
		}
		if err := a.checkManagedDocument(document); err != nil {
			return err
		}
		if len(p.Versions) >= a.quotas.VersionsPerPolicy {
			return limitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", a.quotas.VersionsPerPolicy)
		}
		c := *p
		v := PolicyVersion{VersionId: fmt.Sprintf("v%d", p.NextVersion), Document: document, CreateDate: t.now}
		c.NextVersion++
		c.Versions = append(slices.Clip(p.Versions), v)
		c.UpdateDate = t.now
		if setAsDefault {
			c.DefaultVersionId = v.VersionId
		}
		t.putPolicy(&c)
		pol, out = &c, &c.Versions[len(c.Versions)-1]
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return pol, out, nil
}

// DeletePolicyVersion deletes a version of a customer managed policy other
// than its default.
func (a *Account) DeletePolicyVersion(arn, versionID string) error {
	var c checker
	c.field(iamshape.PolicyArn, arn)
	c.field(iamshape.VersionID, versionID)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("DeletePolicyVersion", func(t *tx) error {
		p, err := t.changeablePolicy(arn)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(p.Versions, func(v PolicyVersion) bool { return v.VersionId == versionID })
		if i < 0 {
			return noVersion(arn, versionID)
		}
		if versionID == p.DefaultVersionId {
			return deleteConflict("Cannot delete the default version of a policy.")
		}
		c := *p
		c.Versions = slices.Delete(slices.Clone(p.Versions), i, i+1)
		t.putPolicy(&c)
		return nil
	})
}

// SetDefaultPolicyVersion makes a version of a customer managed policy its
// default.
func (a *Account) SetDefaultPolicyVersion(arn, versionID string) error {
	var c checker
	c.field(iamshape.PolicyArn, arn)
	c.field(iamshape.VersionID, versionID)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("SetDefaultPolicyVersion", func(t *tx) error {
		p, err := t.changeablePolicy(arn)
		if err != nil {
			return err
		}
		if p.Version(versionID) == nil {
			return noVersion(arn, versionID)
		}
		c := *p
		c.DefaultVersionId = versionID
		c.UpdateDate = t.now
		t.putPolicy(&c)
		return nil
	})
}

// attachable finds a managed policy that an entity can have attached or set
// as its permissions boundary; notFound words the error.
func (t *tx) attachable(arn, notFound string) error {
	if err := checkPolicyArn(arn); err != nil {
		return err
	}
	if t.policy(arn) == nil {
		return noSuchEntity(notFound, arn)
	}
	return nil
}

// checkBoundary checks that arn ("" for none) names a managed policy to
// use as a permissions boundary.
func (t *tx) checkBoundary(arn string) error {
	if arn == "" {
		return nil
	}
	return t.attachable(arn, "Scope ARN: %s does not exist or is not attachable.")
}
