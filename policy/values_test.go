package policy

import "testing"

// TestCheckAction: reference_policies_elements_action.md — "*", or a service
// prefix, a colon and an action name, wildcards anywhere.
func TestCheckAction(t *testing.T) {
	good := []string{"*", "s3:GetObject", "s3:*", "iam:*AccessKey*", "ec2:?escribe*", "*:*", "s?:Get*", "execute-api:Invoke", "IAM:listaccesskeys"}
	bad := []string{"", "s3", ":GetObject", "s3:", "s3:Get:Object", "s3 :Get", "s3:Get Object", "s3:Get\tObject", "s/3:Get", "**"}
	for _, s := range good {
		t.Run("accepts "+s, func(t *testing.T) {
			t.Parallel()
			if msg := checkAction(s); msg != "" {
				t.Error(msg)
			}
		})
	}
	for _, s := range bad {
		t.Run("rejects "+s, func(t *testing.T) {
			t.Parallel()
			if checkAction(s) == "" {
				t.Error("accepted")
			}
		})
	}
}

// TestCheckResource: reference_policies_elements_resource.md and
// reference_arns.md — "*" or an ARN of at least six parts.
func TestCheckResource(t *testing.T) {
	good := []string{"*", "arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:*:*:*:*:*", "arn:aws:iam::123456789012:user/a:b", "arn:::::", "arn:aws:s3:::", "arn:aws:sqs:us-east-2:123456789012:queue1"}
	bad := []string{"", "**", "b", "arn", "arn:aws:s3::", "ARN:aws:s3:::b", " arn:aws:s3:::b"}
	for _, s := range good {
		t.Run("accepts "+s, func(t *testing.T) {
			t.Parallel()
			if msg := checkResourceLiteral(s); msg != "" {
				t.Error(msg)
			}
		})
	}
	for _, s := range bad {
		t.Run("rejects "+s, func(t *testing.T) {
			t.Parallel()
			if checkResourceLiteral(s) == "" {
				t.Error("accepted")
			}
		})
	}
	// Variables: "${aws:x}" is one piece of text under 2012-10-17.
	if checkResourceVariables("arn:aws:s3::${aws:x}") == "" || checkResourceLiteral("arn:aws:s3::${aws:x}") != "" {
		t.Error("variable colon handling")
	}
	if checkResourceVariables("arn:${aws:partition}:s3:::b") != "" || checkResourceVariables("arn:aws:s3:::${unclosed:x") != "" {
		t.Error("variables in good ARNs")
	}
}

// TestCheckAWSPrincipal: reference_policies_elements_principal.md.
func TestCheckAWSPrincipal(t *testing.T) {
	good := []string{
		"*", "123456789012",
		"arn:aws:iam::123456789012:root",
		"arn:aws:iam::123456789012:user/Bob",
		"arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob",
		"arn:aws-us-gov:iam::123456789012:role/r",
		"arn:aws:sts::123456789012:assumed-role/role-name/role-session-name",
		"arn:aws-cn:sts::123456789012:federated-user/user-name",
	}
	bad := []string{
		"", "12345678901", "1234567890123", "12345678901a", "AIDAJQABLZS4A3QDU576Q",
		"arn:aws:iam::123456789012:group/admins",
		"arn:aws:iam::123456789012:user/*",
		"arn:aws:iam::*:root",
		"arn:aws:iam::123456789012:role/",
		"arn:aws:iam:us-east-1:123456789012:root",
		"arn::iam::123456789012:root",
		"arn:AWS:iam::123456789012:root",
		"arn:aws:s3::123456789012:root",
		"arn:aws:sts::123456789012:assumed-role/role-name",
		"arn:aws:sts::123456789012:assumed-role//s",
		"arn:aws:sts::123456789012:federated-user/",
		"arn:aws:iam::123456789012:saml-provider/p",
		"arn:aws:iam::123456789012",
	}
	for _, s := range good {
		t.Run("accepts "+s, func(t *testing.T) {
			t.Parallel()
			if msg := checkAWSPrincipal(s); msg != "" {
				t.Error(msg)
			}
		})
	}
	for _, s := range bad {
		t.Run("rejects "+s, func(t *testing.T) {
			t.Parallel()
			if checkAWSPrincipal(s) == "" {
				t.Error("accepted")
			}
		})
	}
}
