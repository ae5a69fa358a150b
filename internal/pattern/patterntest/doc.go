// Package patterntest is a reference matcher for IAM wildcard and ARN
// patterns, for tests only: the tests of package pattern and the fuzz tests
// of package condition match the same pattern and text with the real
// matcher and with this one, and fail when they disagree.
//
// It is deliberately naive, written to be read and checked against the IAM
// User Guide rather than to be fast: Glob is a dynamic program over
// characters, len(pattern)·len(text) cells (Small bounds the inputs given
// to it), and ARN splits both sides at their first five colons and globs
// each component on its own. Only * and ? are wildcards
// (reference_policies_elements_resource.md#reference_policies_elements_resource_wildcards,
// reference_policies_elements_condition_operators.md#Conditions_ARN).
// Sharing no code with package pattern is what makes it a check on it.
package patterntest
