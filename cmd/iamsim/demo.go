package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// `iamsim demo` runs SimulatePrincipalPolicy on a small account built into
// the binary and explains each decision with the statement that made it.

var demoCommand = &command{
	name:    "demo",
	summary: "Simulate an example account built into iamsim and explain the result.",
	options: []awscli.Option{outputOption(), {Name: "--print-account", Kind: awscli.Flag}},
	run:     (*cli).runDemo,
	help:    (*cli).printDemoHelp,
}

// The demo uses the simulator's example account (account.Example):
// account 111122223333, where alice, in group developers, has an inline
// policy on her home folder (arn:aws:s3:::example-home/${aws:username}/*),
// the group's policies deny most actions outside the EU, and a permissions
// boundary limits her to a few services.
const (
	demoUser   = "arn:aws:iam::111122223333:user/engineering/alice"
	demoRegion = "us-east-1"
)

var (
	demoActions   = []string{"s3:GetObject", "s3:PutObject"}
	demoResources = []string{"arn:aws:s3:::example-home/alice/notes.txt", "arn:aws:s3:::example-home/bob/notes.txt"}
	demoContext   = "ContextKeyName=aws:RequestedRegion,ContextKeyValues=" + demoRegion + ",ContextKeyType=string"
)

// demoArgs is the simulate-principal-policy command line the demo runs.
func demoArgs() []string {
	args := []string{"--policy-source-arn", demoUser, "--action-names"}
	args = append(args, demoActions...)
	args = append(args, "--resource-arns")
	args = append(args, demoResources...)
	return append(args, "--context-entries", demoContext)
}

func (c *cli) printDemoHelp(*command) {
	fmt.Fprint(c.stdout, `demo - Simulate an example account built into iamsim and explain the result.

usage: iamsim demo [--output `+formatNames("|")+`] [--print-account]

Without options, demo prints a readable explanation. With --output, it
prints exactly what this prints for the same request:

  iamsim simulate-principal-policy --account-snapshot account.json \
      --policy-source-arn `+demoUser+` \
      --action-names `+strings.Join(demoActions, " ")+` \
      --resource-arns `+strings.Join(demoResources, " ")+` \
      --context-entries `+demoContext+`

--print-account writes the example account.json (the format of
`+"`aws iam get-account-authorization-details`"+`) to standard output.
`)
}

func (c *cli) runDemo(cmd *command, argv []string) int {
	args, status, done := c.parseArgs(cmd, argv, cmd.options)
	if done {
		return status
	}
	if args.Has("--print-account") {
		c.stdout.Write(account.ExampleJSON())
		return exitOK
	}
	acct := account.Example()
	if format, ok := args.Value("--output"); ok {
		c.account = acct
		return c.runOperation(simulatePrincipalPolicyCommand, append(demoArgs(), "--output", format))
	}

	sim := c.newAPI(simulator.WithAccount(acct))
	resp, err := sim.SimulatePrincipalPolicy(context.Background(), principalInput(demoUser, simulator.SimulateCustomPolicyInput{
		ActionNames:  demoActions,
		ResourceArns: demoResources,
		ContextEntries: []simulator.ContextEntry{
			{ContextKeyName: "aws:RequestedRegion", ContextKeyValues: []string{demoRegion}, ContextKeyType: "string"},
		},
	}))
	if err != nil {
		return c.fail(err, exitError, "SimulatePrincipalPolicy")
	}
	c.explain(demoDocuments(acct), resp)
	return exitOK
}

// explain prints the demo's results for people: the account, a table of
// decisions, and for each decision the statement text that made it; docs
// maps SourcePolicyId to the policy's text.
func (c *cli) explain(docs map[string]string, resp *simulator.SimulatePolicyResponse) {
	var b strings.Builder
	b.WriteString(`iamsim demo: simulate-principal-policy on an example account built into iamsim
(nothing is sent to AWS; no credentials are needed)

The account (111122223333):
  user alice (path /engineering/), member of group developers
    her inline policy HomeFolder allows s3:GetObject and s3:PutObject on
      arn:aws:s3:::example-home/${aws:username}/*
    the group's managed policy DenyOutsideEU denies everything but iam:*, sts:*
      and s3:GetObject when aws:RequestedRegion is not eu-west-1 or eu-central-1
    her permissions boundary DeveloperBoundary allows s3, dynamodb, lambda, logs
      and a few more actions

Alice, calling from ` + demoRegion + ` (aws:RequestedRegion), tries `)
	b.WriteString(strings.Join(demoActions, " and "))
	b.WriteString(" on\n")
	for _, r := range demoResources {
		b.WriteString("  " + r + "\n")
	}
	b.WriteString("\n")

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ACTION\tRESOURCE\tDECISION")
	for _, r := range resp.EvaluationResults {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.EvalActionName, r.EvalResourceName, r.EvalDecision)
	}
	tw.Flush()

	shown := map[simulator.Statement]bool{}
	b.WriteString("\nWhy:\n")
	for _, r := range resp.EvaluationResults {
		fmt.Fprintf(&b, "\n  %s on %s: %s\n", r.EvalActionName, r.EvalResourceName, r.EvalDecision)
		b.WriteString("    " + demoReason(r) + "\n")
		for _, st := range r.MatchedStatements {
			fmt.Fprintf(&b, "    %s (%s)", st.SourcePolicyId, st.SourcePolicyType)
			switch key := statementKey(st); {
			case st.StartPosition == nil || st.EndPosition == nil:
				b.WriteString("\n")
			case shown[key]:
				fmt.Fprintf(&b, ", lines %d-%d (shown above)\n", st.StartPosition.Line, st.EndPosition.Line)
			default:
				shown[key] = true
				fmt.Fprintf(&b, ", lines %d-%d:\n", st.StartPosition.Line, st.EndPosition.Line)
				b.WriteString(excerpt(docs[st.SourcePolicyId], st.StartPosition, st.EndPosition, "      "))
			}
		}
	}
	b.WriteString(`
The response as ` + "`aws iam simulate-principal-policy`" + ` prints it:  iamsim demo --output json
Save the example account and simulate it yourself, from an EU region this time:
  iamsim demo --print-account > account.json
  iamsim simulate-principal-policy --account-snapshot account.json \
      --policy-source-arn ` + demoUser + ` \
      --action-names s3:PutObject --resource-arns ` + demoResources[0] + ` \
      --context-entries ContextKeyName=aws:RequestedRegion,ContextKeyValues=eu-west-1,ContextKeyType=string
`)
	fmt.Fprint(c.stdout, b.String())
}

// statementKey identifies a statement by value, positions included.
func statementKey(st simulator.Statement) simulator.Statement {
	k := simulator.Statement{SourcePolicyId: st.SourcePolicyId, SourcePolicyType: st.SourcePolicyType}
	if st.StartPosition != nil && st.EndPosition != nil {
		// Positions are compared by value: fresh pointers with the
		// same line and column would otherwise differ.
		k.SourcePolicyId += fmt.Sprintf("@%d:%d-%d:%d", st.StartPosition.Line, st.StartPosition.Column,
			st.EndPosition.Line, st.EndPosition.Column)
	}
	return k
}

// demoReason says in a sentence what a decision means.
func demoReason(r simulator.EvaluationResult) string {
	switch r.EvalDecision {
	case simulator.DecisionAllowed:
		return "An identity-based policy allows it and the permissions boundary does too."
	case simulator.DecisionExplicitDeny:
		return "A Deny statement applies; an explicit deny overrides every allow."
	default:
		if d := r.PermissionsBoundaryDecisionDetail; d != nil && !d.AllowedByPermissionsBoundary {
			return "Nothing allows it within the permissions boundary, so it is denied by default (implicit deny)."
		}
		return "No statement allows it, so it is denied by default (implicit deny)."
	}
}

// demoDocuments maps the SourcePolicyId of each policy of the account to
// its text.
func demoDocuments(acct *account.Account) map[string]string {
	docs := map[string]string{}
	for _, p := range acct.Policies() {
		if d, ok := p.DefaultDocument(); ok {
			docs[p.PolicyName] = d
		}
	}
	for _, u := range acct.Users() {
		for _, p := range u.InlinePolicies {
			docs["user_"+u.UserName+"_"+p.PolicyName] = p.PolicyDocument
		}
	}
	for _, g := range acct.Groups() {
		for _, p := range g.InlinePolicies {
			docs["group_"+g.GroupName+"_"+p.PolicyName] = p.PolicyDocument
		}
	}
	return docs
}

// excerpt returns the text of a statement, from just after its start
// position to its end position, with line numbers. A first line holding
// nothing of the statement (its opening "[" or "{" is before the start) is
// left out.
func excerpt(doc string, start, end *simulator.Position, indent string) string {
	lines := strings.Split(doc, "\n")
	startLine, startCol := int(start.Line), int(start.Column)
	endLine, endCol := int(end.Line), int(end.Column)
	var b strings.Builder
	for n := startLine; n <= endLine && n <= len(lines); n++ {
		if n < 1 {
			continue
		}
		text := []rune(lines[n-1])
		lead := ""
		if n == startLine {
			from := min(max(startCol-1, 0), len(text))
			if strings.TrimSpace(strings.TrimPrefix(string(text[from:]), ",")) == "" {
				continue
			}
			lead = strings.Repeat(" ", from)
			text = text[from:]
		}
		if n == endLine {
			text = text[:min(max(endCol-1-(len([]rune(lines[n-1]))-len(text)), 0), len(text))]
		}
		fmt.Fprintf(&b, "%s%3d  %s%s\n", indent, n, lead, string(text))
	}
	return b.String()
}
