package main

import (
	"context"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
)

// command is one iamsim command. Each has its own file; a new command is
// that file and an entry in the table below.
type command struct {
	name    string // as typed: "simulate-custom-policy"
	usage   string // what the overview shows after the name: "[command]"
	summary string // one line for the overview and the head of its help
	hidden  bool   // runs, but neither the overview nor error messages list it
	options []awscli.Option
	// op is the IAM API operation the command makes, for the commands that
	// are `aws iam` commands; they run with runOperation.
	op *operation
	// about and notes are the paragraphs printCommandHelp shows before
	// the usage line and after the options.
	about, notes string

	run func(c *cli, cmd *command, args []string) int
	// help prints the command's help; nil: the overview's.
	help func(c *cli, cmd *command)
}

// operation is an IAM API operation that a command makes.
type operation struct {
	awscli.Operation
	// call calls the operation with request parameters that have passed
	// validation and returns the response as the AWS CLI's botocore
	// parses the service's answer, members in the model's order.
	call func(ctx context.Context, sim api, params *awscli.Object) (*awscli.Object, error)
}

// commands is the command table, in the order the overview lists it. It is
// filled in by init because the help command lists it.
var commands []*command

func init() {
	commands = []*command{
		simulateCustomPolicyCommand,
		simulatePrincipalPolicyCommand,
		getContextKeysForCustomPolicyCommand,
		getContextKeysForPrincipalPolicyCommand,
		expandActionsCommand,
		demoCommand,
		serveCommand,
		recoverCommand,
		helpCommand,
		versionCommand,
	}
}

// takes reports whether the command takes the option called name.
func (cmd *command) takes(name string) bool {
	return slices.ContainsFunc(cmd.options, func(o awscli.Option) bool { return o.Name == name })
}

// lookupCommand returns the command called name, or nil.
func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// format is an output format, as --output chooses it.
type format struct {
	name string
	help string // how the --output help describes it; "" for the bare name
	// print writes a response; title is the operation's name.
	print func(w io.Writer, title string, v *awscli.Object) error
}

// formats lists the output formats of every command; the first is the
// default. --output's choices and help come from it.
var formats = []format{
	{name: "json", help: "json (default, as `aws --output json` prints it)",
		print: func(w io.Writer, _ string, v *awscli.Object) error { return awscli.PrintJSON(w, v) }},
	{name: "text",
		print: func(w io.Writer, _ string, v *awscli.Object) error { return awscli.PrintText(w, v) }},
	{name: "table", print: awscli.PrintTable},
}

// lookupFormat returns the format called name; the parser has checked it
// is one.
func lookupFormat(name string) format {
	for _, f := range formats {
		if f.name == name {
			return f
		}
	}
	return formats[0]
}

// formatNames returns the names of the formats joined by sep.
func formatNames(sep string) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return strings.Join(names, sep)
}

// outputOption is --output, as every command that prints a response takes
// it.
func outputOption() awscli.Option {
	descs := make([]string, len(formats))
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
		descs[i] = f.name
		if f.help != "" {
			descs[i] = f.help
		}
	}
	help := descs[0]
	if n := len(descs); n > 1 {
		help = strings.Join(descs[:n-1], ", ") + " or " + descs[n-1]
	}
	return awscli.Option{Name: "--output", Kind: awscli.String, Metavar: "FORMAT", Help: help + ".", Choices: names}
}

// globalOptions are the AWS CLI's options, which the IAM commands take
// before or after their name.
var globalOptions = awscli.GlobalOptions(outputOption())

// The shapes of the IAM service model (service-2.json, 2010-05-08) that the
// requests of the IAM commands use.
var (
	shapePolicyDocument = str(1) // policyDocumentType
	shapePolicyList     = listOf(shapePolicyDocument)
	shapeActionNames    = listOf(str(3)) // ActionNameType
	shapeResourceName   = str(1)         // ResourceNameType
	shapeResourceNames  = listOf(shapeResourceName)
	shapeContextEntry   = &awscli.Shape{Type: "structure", Members: []awscli.Member{
		{Name: "ContextKeyName", Shape: str(5)},
		{Name: "ContextKeyValues", Shape: listOf(str(0))},
		{Name: "ContextKeyType", Shape: &awscli.Shape{Type: "string", Enum: []string{"string", "stringList", "numeric", "numericList",
			"boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"}}},
	}}
	shapeContextEntries = listOf(shapeContextEntry)
	shapeMaxItems       = &awscli.Shape{Type: "integer", Min: 1}
	shapeArn            = str(20) // arnType
)

func str(min int) *awscli.Shape            { return &awscli.Shape{Type: "string", Min: min} }
func listOf(e *awscli.Shape) *awscli.Shape { return &awscli.Shape{Type: "list", Elem: e} }

// memberShapes gives each request member's shape.
var memberShapes = map[string]*awscli.Shape{
	"PolicySourceArn":                    shapeArn,
	"PolicyInputList":                    shapePolicyList,
	"PermissionsBoundaryPolicyInputList": shapePolicyList,
	"ActionNames":                        shapeActionNames,
	"ResourceArns":                       shapeResourceNames,
	"ResourcePolicy":                     shapePolicyDocument,
	"ResourceOwner":                      shapeResourceName,
	"CallerArn":                          shapeResourceName,
	"ContextEntries":                     shapeContextEntries,
	"ResourceHandlingOption":             str(1),
	"MaxItems":                           shapeMaxItems,
	"Marker":                             str(1),
}

// inputShape is the input structure of an operation with members (in the
// model's order); its required members are those of the required options.
func inputShape(options []awscli.Option, members ...string) *awscli.Shape {
	s := &awscli.Shape{Type: "structure"}
	for _, m := range members {
		s.Members = append(s.Members, awscli.Member{Name: m, Shape: memberShapes[m]})
	}
	for _, o := range options {
		if o.Required && o.Member != "" {
			s.Required = append(s.Required, o.Member)
		}
	}
	return s
}

// simulatePaginator is how the AWS CLI pages SimulateCustomPolicy and
// SimulatePrincipalPolicy (IAM's paginators-1.json).
var simulatePaginator = awscli.Paginator{
	InputToken: "Marker", OutputToken: "Marker", MoreResults: "IsTruncated", LimitKey: "MaxItems", ResultKey: "EvaluationResults",
}

// Options that fill the members several IAM commands share, in the order
// help lists them. The AWS CLI generates one option per request member, in
// member order, then adds its own.
var (
	optPolicySourceArn = awscli.Option{Name: "--policy-source-arn", Member: "PolicySourceArn", Kind: awscli.String, Metavar: "ARN",
		Help: "The user, group or role whose policies are simulated (from --account-snapshot)."}
	optPolicyInputList = awscli.Option{Name: "--policy-input-list", Member: "PolicyInputList", Kind: awscli.StringList, Metavar: "POLICY",
		Help: "Identity-based policy documents (JSON text or file://PATH), one argument each."}
	optBoundaryList = awscli.Option{Name: "--permissions-boundary-policy-input-list", Member: "PermissionsBoundaryPolicyInputList", Kind: awscli.StringList, Metavar: "POLICY",
		Help: "A permissions boundary policy document."}
	optActionNames = awscli.Option{Name: "--action-names", Member: "ActionNames", Kind: awscli.StringList, Metavar: "ACTION",
		Help: "Actions to simulate, such as s3:GetObject (wildcards only with --expand-actions)."}
	optResourceArns = awscli.Option{Name: "--resource-arns", Member: "ResourceArns", Kind: awscli.StringList, Metavar: "ARN",
		Help: "Resources to simulate each action on (default: *)."}
	optResourcePolicy = awscli.Option{Name: "--resource-policy", Member: "ResourcePolicy", Kind: awscli.String, Metavar: "POLICY",
		Help: "A resource-based policy attached to every simulated resource."}
	optResourceOwner = awscli.Option{Name: "--resource-owner", Member: "ResourceOwner", Kind: awscli.String, Metavar: "ARN",
		Help: "The account that owns the resources: arn:aws:iam::ACCOUNT-ID:root."}
	optCallerArn = awscli.Option{Name: "--caller-arn", Member: "CallerArn", Kind: awscli.String, Metavar: "ARN",
		Help: "The IAM user making the simulated calls (required with --resource-policy)."}
	optContextEntries = awscli.Option{Name: "--context-entries", Member: "ContextEntries", Kind: awscli.StructList, Metavar: "ENTRY",
		Help: "Request context keys: ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=t ... or JSON."}
	optResourceHandling = awscli.Option{Name: "--resource-handling-option", Member: "ResourceHandlingOption", Kind: awscli.String, Metavar: "SCENARIO",
		Help: "An EC2 scenario such as EC2-VPC-InstanceStore."}
	// Marker is the API's paging token; like the AWS CLI, iamsim accepts
	// it undocumented and then pages no further.
	optMarker = awscli.Option{Name: "--marker", Member: "Marker", Kind: awscli.String, Hidden: true}

	optAccountSnapshot = awscli.Option{Name: "--account-snapshot", Kind: awscli.String, Metavar: "FILE",
		Help: "The JSON printed by `aws iam get-account-authorization-details` (default: $IAMSIM_ACCOUNT_SNAPSHOT)."}
	optEvaluateTrust = awscli.Option{Name: "--evaluate-trust-policies", Kind: awscli.Flag,
		Help: "Evaluate a --resource-policy given with sts:AssumeRole* as a role trust policy (AWS only parses it)."}
	optAllowAnyCaller = awscli.Option{Name: "--allow-any-caller", Kind: awscli.Flag,
		Help: "Accept role, assumed-role and federated-user ARNs as --caller-arn (AWS accepts IAM users only)."}
	optPreciseMissing = awscli.Option{Name: "--precise-missing-context-values", Kind: awscli.Flag,
		Help: "List in MissingContextValues only keys of statements that apply (AWS lists every key the policies use)."}
	optRequireKeyPolicies = awscli.Option{Name: "--require-key-policies", Kind: awscli.Flag,
		Help: "Refuse a KMS key among --resource-arns without its key policy as --resource-policy (AWS answers from the identity-based policies)."}
	optNoInputLimits = awscli.Option{Name: "--no-input-limits", Kind: awscli.Flag,
		Help: "Lift iamsim's own bounds on a request (documents over 1 MiB in all, context values over 8 KiB each or 1 MiB in all)."}
)

func required(o awscli.Option) awscli.Option { o.Required = true; return o }

// The getters below read request parameters that awscli.Validate has
// accepted, so their types are known.

func stringParam(p *awscli.Object, k string) string {
	v, _ := p.Get(k)
	s, _ := v.(string)
	return s
}

func stringPtrParam(p *awscli.Object, k string) *string {
	v, ok := p.Get(k)
	if !ok {
		return nil
	}
	s, _ := v.(string)
	return &s
}

func stringsParam(p *awscli.Object, k string) []string {
	v, ok := p.Get(k)
	if !ok {
		return nil
	}
	l, _ := v.([]any)
	out := make([]string, len(l))
	for i, e := range l {
		out[i], _ = e.(string)
	}
	return out
}

func int32PtrParam(p *awscli.Object, k string) *int32 {
	v, ok := p.Get(k)
	if !ok {
		return nil
	}
	var n int64
	switch t := v.(type) {
	case int64:
		n = t
	case bool: // a Python bool is an int
		if t {
			n = 1
		}
	}
	// The model has no upper bound the client checks; keep out-of-range
	// values out of range for the simulator to reject.
	n = max(min(n, math.MaxInt32), math.MinInt32)
	i := int32(n)
	return &i
}

// stringValues is a response's list of strings as a value.
func stringValues(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
