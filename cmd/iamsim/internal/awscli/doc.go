// Package awscli reproduces how the AWS CLI (version 1, and version 2 where
// they agree) turns a command line into an API request and a response into
// output, so that iamsim can stand in for `aws iam` without a user noticing:
// the same command lines work, the same mistakes are reported in the same
// words, and the same answers print the same bytes. Nothing in it knows IAM
// or the simulator; cmd/iamsim gives it the options, shapes and calls of its
// commands.
//
// A command line goes through the same steps as in the AWS CLI:
//
//	Parse ─► Args.Check ─► NewRequest ─► Request.Send ─► PrintJSON/PrintText/PrintTable
//	(argparse)  (required,    (file://, JSON,   (botocore's validation   (Python's json module,
//	             unknown,      shorthand,        before each call; the    the text and table
//	             choices)      --cli-input-json) paginator)               formatters)
//
// Values are untyped, as they are in Python: nil, bool, int64, float64,
// string, []any and *Object, an object that keeps its keys in order as a
// dict does. Matching Python's types and orders is what makes validation
// messages ("Invalid type for parameter ..., type: <class 'str'>") and
// printed JSON come out identical.
//
// What is reproduced, and from where:
//   - argument parsing: argparse as the AWS CLI configures it (nargs, "--",
//     options that look like negative numbers or contain spaces);
//   - shorthand syntax, character for character ("Using shorthand syntax with
//     the AWS CLI" in the AWS CLI User Guide) and its fitting to the
//     model's shapes;
//   - file:// (text, UTF-8, universal newlines) and fileb:// parameter files
//     ("Loading AWS CLI parameters from a file"), with ~ and $VAR expanded;
//   - JSON parsing as Python's json.loads, errors and positions included;
//   - botocore's client-side validation (required, unknown, types, min);
//   - botocore's paginator: --max-items, --starting-token, --page-size,
//     --no-paginate, and NextToken values that work with either CLI;
//   - --output json (Python's json.dump with indent=4), text, and an
//     approximation of table.
//
// The tests check most of this against the installed AWS CLI's own Python
// code when it is available.
//
// Where it differs from the AWS CLI: a file:// value in a list option is
// one element however many arguments the option has; http:// and https://
// values are not fetched; --query is refused.
package awscli
