package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/catalog"
	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// The simulate commands check ActionNames against the service catalog. AWS's
// simulator does not: it matches any name against the policies as text
// (sqs:CreateUser is simulated like any other), and so does iamsim's by
// default; the CLI only warns about a name the catalog does not know.
// --strict-actions makes such a name the simulator's InvalidInput, and
// --expand-actions simulates every action a wildcard matches; without it a
// wildcard is refused, since the simulator would take it for a literal name.

var (
	optStrictActions = awscli.Option{Name: "--strict-actions", Kind: awscli.Flag,
		Help: "Refuse (InvalidInput) an action name the service catalog does not know, rather than warn about it (AWS simulates any name)."}
	optExpandActions = awscli.Option{Name: "--expand-actions", Kind: awscli.Flag,
		Help: "Simulate every action that a wildcard in --action-names (s3:Get*) matches in the service catalog."}
)

// checkedActions is the simulator seen through the catalog: it checks and
// expands the ActionNames of the simulate operations before passing them
// on. The CLI makes one run, calling it once per page of results.
type checkedActions struct {
	api
	stderr         io.Writer
	strict, expand bool
	cat            *catalog.Catalog

	warned       bool     // the first page has printed the warnings
	given, names []string // the last ActionNames given and what they became
}

// newCheckedActions wraps sim for a command line with the options above.
func newCheckedActions(sim api, stderr io.Writer, args *awscli.Args) *checkedActions {
	return &checkedActions{api: sim, stderr: stderr, cat: catalog.Default(),
		strict: args.Has(optStrictActions.Name), expand: args.Has(optExpandActions.Name)}
}

func (c *checkedActions) SimulateCustomPolicy(ctx context.Context, in *simulator.SimulateCustomPolicyInput) (*simulator.SimulatePolicyResponse, error) {
	names, err := c.actionNames(in.ActionNames)
	if err != nil {
		return nil, err
	}
	checked := *in
	checked.ActionNames = names
	return c.api.SimulateCustomPolicy(ctx, &checked)
}

func (c *checkedActions) SimulatePrincipalPolicy(ctx context.Context, in *simulator.SimulatePrincipalPolicyInput) (*simulator.SimulatePolicyResponse, error) {
	names, err := c.actionNames(in.ActionNames)
	if err != nil {
		return nil, err
	}
	checked := *in
	checked.ActionNames = names
	return c.api.SimulatePrincipalPolicy(ctx, &checked)
}

// actionNames returns the names to simulate: wildcards expanded, names the
// catalog does not know warned about (once) or refused. Names the
// simulator itself refuses (no service prefix) are left to it.
func (c *checkedActions) actionNames(given []string) ([]string, error) {
	if c.names != nil && slices.Equal(given, c.given) {
		return c.names, nil
	}
	var names, unknown []string
	for _, name := range given {
		if !strings.ContainsAny(name, "*?") {
			if _, ok := c.cat.Action(name); !ok && validActionForm(name) {
				unknown = append(unknown, name)
			}
			names = append(names, name)
			continue
		}
		if !c.expand {
			return nil, &awscli.UsageError{Msg: fmt.Sprintf("argument --action-names: %s is a pattern, not an action name "+
				"(the simulator would take it for the name of one action); give --expand-actions to simulate each action it matches", name)}
		}
		matched, err := c.cat.ExpandAction(name)
		if err != nil || len(matched) == 0 {
			return nil, &awscli.UsageError{Msg: fmt.Sprintf("argument --action-names: %s matches no action of the service catalog", name)}
		}
		for _, a := range matched {
			names = append(names, a.String())
		}
	}
	if len(unknown) > 0 {
		var b strings.Builder
		for i, name := range unknown {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(name + didYouMean(c.cat, name))
		}
		if c.strict {
			return nil, &simulator.Error{Code: simulator.CodeInvalidInput, HTTPStatus: 400,
				Message: "Actions unknown to the service catalog: " + b.String()}
		}
		if !c.warned {
			for _, name := range unknown {
				fmt.Fprintf(c.stderr, "warning: %s is not an action the service catalog knows%s; it is simulated as given, as AWS does (--strict-actions refuses it)\n",
					name, didYouMean(c.cat, name))
			}
		}
	}
	c.warned = true
	c.given, c.names = given, names
	return names, nil
}

// validActionForm reports whether name has a service prefix and an action
// name, the form the simulator checks for itself.
func validActionForm(name string) bool {
	i := strings.IndexByte(name, ':')
	return i > 0 && i < len(name)-1
}
