package simulator

import (
	"context"
	"errors"
)

// Simulator answers the IAM policy simulator API offline. It is immutable
// after New and safe for concurrent use.
type Simulator struct {
	account        *Account
	allowAnyCaller bool
	evaluateTrust  bool
	cacheSize      int
}

// Option configures a Simulator.
type Option func(*Simulator)

// WithAccount sets the account whose users, groups, roles and managed
// policies SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy use.
func WithAccount(a *Account) Option { return func(s *Simulator) { s.account = a } }

// AllowAnyCaller accepts role, assumed-role and federated-user ARNs as
// CallerArn (the live service accepts only IAM users).
func AllowAnyCaller() Option { return func(s *Simulator) { s.allowAnyCaller = true } }

// EvaluateTrustPolicies evaluates a ResourcePolicy given with sts:AssumeRole*
// actions as a role trust policy (the live service only parses it).
func EvaluateTrustPolicies() Option { return func(s *Simulator) { s.evaluateTrust = true } }

// WithCacheSize sets how many parsed policy documents are kept (default
// 1024; 0 or less disables the cache).
func WithCacheSize(n int) Option { return func(s *Simulator) { s.cacheSize = n } }

// New returns a Simulator.
func New(opts ...Option) *Simulator {
	s := &Simulator{cacheSize: 1024}
	for _, o := range opts {
		o(s)
	}
	return s
}

var errTODO = errors.New("not implemented yet")

// SimulateCustomPolicy simulates PolicyInputList for every action on every
// resource.
func (s *Simulator) SimulateCustomPolicy(ctx context.Context, in *SimulateCustomPolicyInput) (*SimulatePolicyResponse, error) {
	return nil, policyEvaluation(errTODO, "not implemented yet")
}

// SimulatePrincipalPolicy simulates the policies of the user, group or role
// PolicySourceArn.
func (s *Simulator) SimulatePrincipalPolicy(ctx context.Context, in *SimulatePrincipalPolicyInput) (*SimulatePolicyResponse, error) {
	return nil, policyEvaluation(errTODO, "not implemented yet")
}

// GetContextKeysForCustomPolicy lists the context keys the policies use.
func (s *Simulator) GetContextKeysForCustomPolicy(ctx context.Context, in *GetContextKeysForCustomPolicyInput) (*GetContextKeysForPolicyResponse, error) {
	return nil, policyEvaluation(errTODO, "not implemented yet")
}

// GetContextKeysForPrincipalPolicy lists the context keys the entity's
// policies use.
func (s *Simulator) GetContextKeysForPrincipalPolicy(ctx context.Context, in *GetContextKeysForPrincipalPolicyInput) (*GetContextKeysForPolicyResponse, error) {
	return nil, policyEvaluation(errTODO, "not implemented yet")
}
