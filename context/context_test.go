package context_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
)

func TestParseType(t *testing.T) {
	// The twelve ContextKeyType values of the IAM API (SimulateCustomPolicy,
	// ContextEntry), and their list-ness.
	for name, want := range map[string]iamctx.Type{
		"string": iamctx.TypeString, "stringList": iamctx.TypeStringList,
		"numeric": iamctx.TypeNumeric, "numericList": iamctx.TypeNumericList,
		"boolean": iamctx.TypeBoolean, "booleanList": iamctx.TypeBooleanList,
		"ip": iamctx.TypeIP, "ipList": iamctx.TypeIPList,
		"binary": iamctx.TypeBinary, "binaryList": iamctx.TypeBinaryList,
		"date": iamctx.TypeDate, "dateList": iamctx.TypeDateList,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := iamctx.ParseType(name)
			require.NoError(t, err)
			require.Equal(t, want, got)
			require.Equal(t, name, got.String())
			require.Equal(t, len(name) > 4 && name[len(name)-4:] == "List", got.IsList())
		})
	}
	_, err := iamctx.ParseType("integer")
	var e *iamctx.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, iamctx.CodeInvalidInput, e.Code)
}

func TestParseDate(t *testing.T) {
	// reference_policies_elements_condition_operators.md, "Date condition
	// operators": W3C ISO 8601 forms or epoch (UNIX) time.
	want := time.Date(2020, 4, 1, 12, 30, 0, 0, time.UTC)
	for _, s := range []string{
		"2020-04-01T12:30:00Z",
		"2020-04-01T12:30:00+00:00",
		"2020-04-01T14:30:00+02:00",
		"2020-04-01T12:30:00.000Z",
		"2020-04-01T12:30Z",
		"2020-04-01T12:30:00",
		"1585744200",
	} {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			got, err := iamctx.ParseDate(s)
			require.NoError(t, err)
			require.True(t, want.Equal(got), "got %v", got)
		})
	}
	d, err := iamctx.ParseDate("2020-04-01")
	require.NoError(t, err)
	require.True(t, d.Equal(time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC)))
	for _, bad := range []string{"", "yesterday", "2020-13-01", "2020-04-01T25:00:00Z", "12:30"} {
		t.Run("bad "+bad, func(t *testing.T) {
			t.Parallel()
			_, err := iamctx.ParseDate(bad)
			require.Error(t, err)
		})
	}
}

func TestParseScalars(t *testing.T) {
	for _, s := range []string{"10", "-3.5", "1e3", " 7 "} {
		t.Run("number "+s, func(t *testing.T) {
			t.Parallel()
			_, err := iamctx.ParseNumber(s)
			require.NoError(t, err)
		})
	}
	for _, s := range []string{"abc", "0x10", "NaN", "Inf", "1_000", ""} {
		t.Run("not a number "+s, func(t *testing.T) {
			t.Parallel()
			_, err := iamctx.ParseNumber(s)
			require.Error(t, err)
		})
	}
	for s, want := range map[string]bool{"true": true, "TRUE": true, "false": false, "False": false} {
		t.Run("bool "+s, func(t *testing.T) {
			t.Parallel()
			got, err := iamctx.ParseBool(s)
			require.NoError(t, err)
			require.Equal(t, want, got)
		})
	}
	_, err := iamctx.ParseBool("yes")
	require.Error(t, err)
	a, err := iamctx.ParseIP("10.0.0.5")
	require.NoError(t, err)
	require.Equal(t, "10.0.0.5", a.String())
	a, err = iamctx.ParseIP("2001:db8::1/128")
	require.NoError(t, err)
	require.Equal(t, "2001:db8::1", a.String())
	for _, bad := range []string{"10.0.0.0/8", "10.0.0.300", "host"} {
		t.Run("not an IP "+bad, func(t *testing.T) {
			t.Parallel()
			_, err := iamctx.ParseIP(bad)
			require.Error(t, err)
		})
	}
	b, err := iamctx.ParseBinary("aGVsbG8=")
	require.NoError(t, err)
	require.Equal(t, "hello", string(b))
	b, err = iamctx.ParseBinary("aGVsbG8")
	require.NoError(t, err)
	require.Equal(t, "hello", string(b))
	_, err = iamctx.ParseBinary("not base64!")
	require.Error(t, err)
}

func TestParsePrincipal(t *testing.T) {
	cases := []struct {
		in   string
		kind iamctx.PrincipalKind
		name string
		path string
		acct string
		ptyp string // aws:PrincipalType, reference_policies_variables.md "Principal key values"
		parn string // aws:PrincipalArn
	}{
		{"arn:aws:iam::111122223333:user/alice", iamctx.PrincipalUser, "alice", "/", "111122223333", "User", "arn:aws:iam::111122223333:user/alice"},
		{"arn:aws:iam::111122223333:user/dev/ops/alice", iamctx.PrincipalUser, "alice", "/dev/ops/", "111122223333", "User", "arn:aws:iam::111122223333:user/dev/ops/alice"},
		{"arn:aws:iam::111122223333:root", iamctx.PrincipalAccount, "", "", "111122223333", "Account", "arn:aws:iam::111122223333:root"},
		{"arn:aws:iam::111122223333:role/r", iamctx.PrincipalRole, "r", "/", "111122223333", "AssumedRole", "arn:aws:iam::111122223333:role/r"},
		// aws:PrincipalArn of a role session is the role's ARN
		// (reference_policies_condition-keys.md, aws:PrincipalArn).
		{"arn:aws:sts::111122223333:assumed-role/r/s", iamctx.PrincipalAssumedRole, "r", "/", "111122223333", "AssumedRole", "arn:aws:iam::111122223333:role/r"},
		{"arn:aws:sts::111122223333:federated-user/bob", iamctx.PrincipalFederatedUser, "bob", "", "111122223333", "FederatedUser", "arn:aws:sts::111122223333:federated-user/bob"},
		{"arn:aws-cn:iam::111122223333:user/x", iamctx.PrincipalUser, "x", "/", "111122223333", "User", "arn:aws-cn:iam::111122223333:user/x"},
		{"s3.amazonaws.com", iamctx.PrincipalService, "s3.amazonaws.com", "", "", "", ""},
		{"anonymous", iamctx.PrincipalAnonymous, "", "", "", "Anonymous", "anonymous"},
		{"", iamctx.PrincipalNone, "", "", "", "", ""},
	}
	for _, c := range cases {
		name := c.in
		if name == "" {
			name = "no principal"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := iamctx.ParsePrincipal(c.in)
			require.NoError(t, err)
			require.Equal(t, c.kind, p.Kind)
			require.Equal(t, c.name, p.Name)
			require.Equal(t, c.path, p.Path)
			require.Equal(t, c.acct, p.Account)
			require.Equal(t, c.ptyp, p.Type())
			require.Equal(t, c.parn, p.PrincipalARN())
		})
	}
	for _, bad := range []string{
		"alice", "arn:aws:iam::1111:user/alice", "arn:aws:iam:us-east-1:111122223333:user/a",
		"arn:aws:iam::111122223333:group/g", "arn:aws:s3:::bucket", "arn:aws:sts::111122223333:assumed-role/r",
		"arn:aws:iam::111122223333:user/", "arn::iam::111122223333:user/a",
	} {
		t.Run("bad "+bad, func(t *testing.T) {
			t.Parallel()
			_, err := iamctx.ParsePrincipal(bad)
			var e *iamctx.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, iamctx.CodeInvalidInput, e.Code)
		})
	}
}

func TestNewRequest(t *testing.T) {
	r, err := iamctx.New(iamctx.Input{
		Action:        "S3:GetObject",
		Resource:      "arn:aws:s3:::bucket/key",
		Principal:     "arn:aws:iam::111122223333:user/alice",
		PrincipalTags: map[string]string{"team": "blue"},
		Context: []iamctx.Entry{
			{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.0.0.5"}},
			{Key: "s3:max-keys", Type: iamctx.TypeNumeric, Values: []string{"10"}},
			{Key: "aws:TagKeys", Type: iamctx.TypeStringList, Values: []string{"a", "b"}},
			{Key: "aws:username", Type: iamctx.TypeString, Values: []string{"override"}},
		},
	})
	require.NoError(t, err)
	require.Equal(t, "S3:GetObject", r.Action())
	require.False(t, r.CrossAccount())

	// Key names are case-insensitive (reference_policies_elements_condition.md).
	v, ok := r.Get("AWS:SOURCEIP")
	require.True(t, ok)
	ip, ok := v.IP(0)
	require.True(t, ok)
	require.Equal(t, "10.0.0.5", ip.String())
	// A string operator on a typed key reads the text as given.
	require.Equal(t, "10.0.0.5", v.String(0))

	v, ok = r.Get("s3:max-keys")
	require.True(t, ok)
	n, ok := v.Number(0)
	require.True(t, ok)
	require.Equal(t, 10.0, n)
	_, ok = v.IP(0)
	require.False(t, ok)

	v, ok = r.Get("aws:tagkeys")
	require.True(t, ok)
	require.Equal(t, []string{"a", "b"}, v.Strings())

	// Derived keys, unless given.
	v, _ = r.Get("aws:username")
	require.Equal(t, "override", v.String(0))
	v, _ = r.Get("aws:PrincipalAccount")
	require.Equal(t, "111122223333", v.String(0))
	v, _ = r.Get("aws:PrincipalType")
	require.Equal(t, "User", v.String(0))
	v, _ = r.Get("aws:principaltag/TEAM")
	require.Equal(t, "blue", v.String(0))
	_, ok = r.Get("aws:userid") // a user's unique ID is not known from its ARN
	require.False(t, ok)
	require.Contains(t, r.Keys(), "aws:PrincipalArn")

	// Resource account from the ARN; cross-account detection.
	r, err = iamctx.New(iamctx.Input{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:444455556666:q", Principal: "arn:aws:iam::111122223333:user/alice"})
	require.NoError(t, err)
	require.Equal(t, "444455556666", r.ResourceAccount())
	require.True(t, r.CrossAccount())

	r, err = iamctx.New(iamctx.Input{Action: "s3:GetObject", Resource: "*", Principal: "arn:aws:iam::111122223333:user/alice", NoDerivedKeys: true})
	require.NoError(t, err)
	require.Empty(t, r.Keys())
}

func TestNewRequestErrors(t *testing.T) {
	cases := map[string]iamctx.Input{
		"bad ip":         {Context: []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"300.1.1.1"}}}},
		"bad number":     {Context: []iamctx.Entry{{Key: "s3:max-keys", Type: iamctx.TypeNumeric, Values: []string{"ten"}}}},
		"bad date":       {Context: []iamctx.Entry{{Key: "aws:CurrentTime", Type: iamctx.TypeDate, Values: []string{"noon"}}}},
		"bad bool list":  {Context: []iamctx.Entry{{Key: "k", Type: iamctx.TypeBooleanList, Values: []string{"true", "nope"}}}},
		"scalar two":     {Context: []iamctx.Entry{{Key: "k", Type: iamctx.TypeString, Values: []string{"a", "b"}}}},
		"scalar none":    {Context: []iamctx.Entry{{Key: "k", Type: iamctx.TypeString}}},
		"no type":        {Context: []iamctx.Entry{{Key: "k", Values: []string{"a"}}}},
		"empty key":      {Context: []iamctx.Entry{{Type: iamctx.TypeString, Values: []string{"a"}}}},
		"duplicate key":  {Context: []iamctx.Entry{{Key: "k", Type: iamctx.TypeString, Values: []string{"a"}}, {Key: "K", Type: iamctx.TypeString, Values: []string{"b"}}}},
		"bad principal":  {Principal: "alice"},
		"bad binary":     {Context: []iamctx.Entry{{Key: "k", Type: iamctx.TypeBinary, Values: []string{"%%%"}}}},
		"ip range value": {Context: []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.0.0.0/8"}}}},
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := iamctx.New(in)
			var e *iamctx.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, iamctx.CodeInvalidInput, e.Code)
			require.NotEmpty(t, e.Message)
		})
	}
	// The error names the key at fault.
	_, err := iamctx.New(cases["bad ip"])
	require.Contains(t, err.Error(), "aws:SourceIp")
	require.Contains(t, err.Error(), "300.1.1.1")
}

// Condition operators read context values of another declared type through
// the accessors on the hot path: a value that is not of the operator's type
// must fail without allocating.
func TestAccessorsDoNotAllocate(t *testing.T) {
	v, err := iamctx.NewValue(iamctx.TypeString, "engineering")
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = v.Number(0)
		_, _ = v.IP(0)
		_, _ = v.Date(0)
		_, _ = v.Bool(0)
	})
	require.Zero(t, allocs)
	n, err := iamctx.NewValue(iamctx.TypeString, "42")
	require.NoError(t, err)
	f, ok := n.Number(0)
	require.True(t, ok)
	require.Equal(t, 42.0, f)
}

func TestWithTarget(t *testing.T) {
	base, err := iamctx.New(iamctx.Input{
		Action: "s3:GetObject", Resource: "*", Principal: "arn:aws:iam::111122223333:user/alice",
		Context: []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.0.0.5"}}},
	})
	require.NoError(t, err)
	r := base.WithTarget("SQS:SendMessage", "arn:aws:sqs:us-east-1:444455556666:q", "")
	require.Equal(t, "SQS:SendMessage", r.Action())
	require.Equal(t, "arn:aws:sqs:us-east-1:444455556666:q", r.Resource())
	require.Equal(t, "444455556666", r.ResourceAccount())
	require.True(t, r.CrossAccount())
	v, ok := r.Get("aws:sourceip")
	require.True(t, ok)
	require.Equal(t, "10.0.0.5", v.String(0))
	// The original is unchanged.
	require.Equal(t, "s3:GetObject", base.Action())
	require.Equal(t, "*", base.Resource())
	require.Equal(t, "444455556666", base.WithTarget("a:b", "arn:aws:s3:::bucket", "444455556666").ResourceAccount())
	require.Equal(t, "", base.WithTarget("a:b", "arn:aws:s3:::bucket", "").ResourceAccount())
}
