package simulator

import (
	"strings"
)

// s3Operations are Amazon S3 API operation names that are not IAM action
// names (the permission each needs has another name): PutBucketReplication
// needs s3:PutReplicationConfiguration, PutObjectLockConfiguration needs
// s3:PutBucketObjectLockConfiguration, and
// PutBucketIntelligentTieringConfiguration needs
// s3:PutIntelligentTieringConfiguration. The live simulator evaluates them
// with "different authorization information" than other actions and refuses
// to mix the two kinds in one call. These three are the ones a
// public capture of the live error lists:
//
//	InvalidInput: Invalid Input Actions: [s3:CreateBucket,...,iam:PassRole,...]
//	and [s3:PutBucketReplication,s3:PutObjectLockConfiguration,
//	s3:PutBucketIntelligentTieringConfiguration] require different
//	authorization information.
//
// Action names match case-insensitively.
var s3Operations = [...]string{
	"s3:PutBucketReplication",
	"s3:PutObjectLockConfiguration",
	"s3:PutBucketIntelligentTieringConfiguration",
}

// isS3Operation reports whether an action is one of s3Operations (any case),
// without lower-casing it.
func isS3Operation(a string) bool {
	for _, op := range s3Operations {
		if len(a) == len(op) && strings.EqualFold(a, op) {
			return true
		}
	}
	return false
}

// checkAuthorizationInfo rejects a call that mixes S3 operation names of
// s3Operations with other actions. Both lists keep the request's order and
// spelling. Calls made of only one kind are simulated; the S3 operation
// names are then matched against the policies like any other action name.
func checkAuthorizationInfo(op string, actions []string) *Error {
	if len(actions) < 2 {
		return nil
	}
	first := isS3Operation(actions[0])
	for _, a := range actions[1:] {
		if isS3Operation(a) != first {
			return mixedAuthorizationInfo(op, actions)
		}
	}
	return nil
}

// mixedAuthorizationInfo is checkAuthorizationInfo's error, listing the two
// kinds of actions apart.
func mixedAuthorizationInfo(op string, actions []string) *Error {
	var direct, other []string
	for _, a := range actions {
		if isS3Operation(a) {
			other = append(other, a)
		} else {
			direct = append(direct, a)
		}
	}
	return invalidInput("Invalid Input Actions: [%s] and [%s] require different authorization information. Please refer to the documentation for more details: https://docs.aws.amazon.com/IAM/latest/APIReference/API_%s.html",
		joinForMessage(direct), joinForMessage(other), op)
}

// joinForMessage joins actions with "," for a message, naming at most ten
// (a request may give thousands) and how many more there are.
func joinForMessage(actions []string) string {
	const max = 10
	if len(actions) <= max {
		return strings.Join(actions, ",")
	}
	return strings.Join(actions[:max], ",") + ",... (" + itoa(len(actions)) + " in all)"
}

// resourceHandlingOptions lists the scenarios ResourceHandlingOption accepts
// and the EC2 resource types each requires among ResourceArns
// (API_SimulateCustomPolicy, ResourceHandlingOption; the IAM User Guide,
// access_policies_testing-policies.md, "Actions that require different
// groups of resource types"). The two EC2-Classic scenarios come from earlier
// editions of the API reference and are still accepted.
var resourceHandlingOptions = map[string][]string{
	"EC2-Classic-InstanceStore":    {"instance", "image", "security-group"},
	"EC2-Classic-EBS":              {"instance", "image", "security-group", "volume"},
	"EC2-VPC-InstanceStore":        {"instance", "image", "security-group", "network-interface"},
	"EC2-VPC-InstanceStore-Subnet": {"instance", "image", "security-group", "network-interface", "subnet"},
	"EC2-VPC-EBS":                  {"instance", "image", "security-group", "network-interface", "volume"},
	"EC2-VPC-EBS-Subnet":           {"instance", "image", "security-group", "network-interface", "subnet", "volume"},
}

// resourceHandlingOrder is resourceHandlingOptions' keys in documentation
// order, for messages.
var resourceHandlingOrder = []string{
	"EC2-Classic-InstanceStore", "EC2-Classic-EBS",
	"EC2-VPC-InstanceStore", "EC2-VPC-InstanceStore-Subnet", "EC2-VPC-EBS", "EC2-VPC-EBS-Subnet",
}

// checkResourceHandling validates the scenario name (case-sensitive) and
// that ResourceArns holds an EC2 ARN of every resource type it requires
// ("the policy simulator requires the resource types appropriate for that
// scenario").
func checkResourceHandling(option string, resources []string) *Error {
	need, ok := resourceHandlingOptions[option]
	if !ok {
		return invalidInput("ResourceHandlingOption %q is not a supported scenario (want one of %s)", option, strings.Join(resourceHandlingOrder, ", "))
	}
	var missing []string
	for _, typ := range need {
		found := false
		for _, r := range resources {
			if ec2ResourceType(r) == typ {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, typ)
		}
	}
	if len(missing) > 0 {
		return invalidInput("ResourceHandlingOption %s requires ResourceArns to include EC2 resources of type %s; missing: %s",
			option, strings.Join(need, ", "), strings.Join(missing, ", "))
	}
	return nil
}

// arnFields splits an ARN as strings.SplitN(arn, ":", 6) would, without
// allocating: ok is false when it has fewer than six fields.
func arnFields(arn string) (f [6]string, ok bool) {
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(arn, ':')
		if j < 0 {
			return f, false
		}
		f[i], arn = arn[:j], arn[j+1:]
	}
	f[5] = arn
	return f, true
}

// ec2ResourceType returns TYPE for arn:PARTITION:ec2:REGION:ACCOUNT:TYPE/ID,
// or "".
func ec2ResourceType(arn string) string {
	parts, ok := arnFields(arn)
	if !ok || parts[0] != "arn" || parts[2] != "ec2" {
		return ""
	}
	typ, _, ok := strings.Cut(parts[5], "/")
	if !ok {
		return ""
	}
	return typ
}

// isKMSKey reports whether a resource is a KMS key,
// arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID: its key policy must allow
// explicitly (reference_policies_evaluation-logic.md).
func isKMSKey(arn string) bool {
	parts, ok := arnFields(arn)
	return ok && parts[0] == "arn" && parts[2] == "kms" && strings.HasPrefix(parts[5], "key/")
}

// arnAccount returns the 12-digit account of an ARN, or "" when the ARN
// names none (S3 buckets and objects, "*").
func arnAccount(arn string) string {
	if !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	// One pass to the fourth colon (the account is the fifth field); it
	// runs for every simulated pair, so no arnFields.
	start, colons := 0, 1
	for i := 4; i < len(arn); i++ {
		if arn[i] != ':' {
			continue
		}
		colons++
		if colons == 4 {
			start = i + 1
		} else if colons == 5 {
			acct := arn[start:i]
			if len(acct) != 12 {
				return ""
			}
			for j := 0; j < 12; j++ {
				if c := acct[j]; c < '0' || c > '9' {
					return ""
				}
			}
			return acct
		}
	}
	return ""
}
