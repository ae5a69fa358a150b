// Command iamsim simulates AWS IAM policies offline, deciding as AWS
// decides. It is a drop-in for the policy-simulator commands of `aws iam`:
//
//	iamsim simulate-custom-policy                 (aws iam simulate-custom-policy)
//	iamsim simulate-principal-policy              (aws iam simulate-principal-policy)
//	iamsim get-context-keys-for-custom-policy     (aws iam get-context-keys-for-custom-policy)
//	iamsim get-context-keys-for-principal-policy  (aws iam get-context-keys-for-principal-policy)
//	iamsim demo                                   (an example account, explained)
//	iamsim serve                                  (a local IAM endpoint for the AWS CLI and SDKs)
//
// In the iamsim pipeline it is the outermost layer and holds no evaluation
// logic:
//
//	command line ─► request parameters ─► simulator.Simulator ─► response ─► output
//
// Each command takes the options the AWS CLI gives it (--policy-input-list,
// --action-names, --resource-arns, --context-entries, ... --cli-input-json,
// --max-items, --starting-token, --page-size), read the way the AWS CLI
// reads them: list options take several arguments, structures take
// shorthand (ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=string)
// or JSON, any value may be file://PATH or fileb://PATH. The request is then
// checked as botocore checks it before sending (required members, types,
// minimum lengths) and handed to package simulator. The principal commands
// read the account from --account-snapshot, the JSON printed by `aws iam
// get-account-authorization-details`.
//
// With --output json (the default) iamsim prints what `aws iam ... --output
// json` prints for the same input: Python's json layout with four-space
// indents, members in the API's order, the same omissions, and results paged
// as the AWS CLI pages them (NextToken when --max-items cuts them short).
// --output text follows the AWS CLI's text format (tab-separated rows named
// after their list, scalar members in key order, NEXTTOKEN last); --output
// table is a readable approximation of its table format.
//
// iamsim adds --evaluate-trust-policies (evaluate a role trust policy given
// as --resource-policy, which AWS's simulator only parses) and
// --allow-any-caller (accept role, assumed-role and federated CallerArn).
//
// Errors are reported as the AWS CLI reports them, and the exit status is
// the AWS CLI's (version 2): 0 success; 252 a command line that cannot be
// used (usage text and the reason, or "Error parsing parameter ..." or
// "Parameter validation failed: ..."); 254 the simulator's answer was an
// error, printed as "An error occurred (InvalidInput) when calling the
// SimulateCustomPolicy operation: ..."; 255 anything else.
//
// Where iamsim differs from the AWS CLI (version 1.45): a file:// value in a
// list option is one element, read from the file, however many arguments
// the option has (the AWS CLI splits a lone file:// list argument into
// characters and leaves file:// alone when there are several); http:// and
// https:// values are not fetched; --query is not supported; exit statuses
// are version 2's (version 1 exits 2 on argparse errors and 255 on all
// others). awsparity_test.go runs the installed AWS CLI against a local IAM
// endpoint backed by the simulator and checks that both send the same
// requests and print the same output.
//
// Run `iamsim help` or `iamsim <command> help` for the options.
//
// Each command is one file here, listed in the table of commands.go; the
// AWS CLI's behaviour they share (parsing, parameter files, validation,
// paging, output formats) is package internal/awscli.
package main
