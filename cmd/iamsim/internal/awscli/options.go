package awscli

// The AWS CLI's own options, which NewRequest and Args.Check act on.

// GlobalOptions returns the options the AWS CLI takes for every command,
// before or after the command's name, in the order help lists them, with
// output as --output (whose formats are the caller's to choose).
func GlobalOptions(output Option) []Option {
	return []Option{
		{Name: "--cli-input-json", Kind: String, Metavar: "JSON",
			Help: "Read the request from JSON (or file://PATH) in the shape --generate-cli-skeleton prints; options given on the command line win."},
		{Name: "--generate-cli-skeleton", Kind: Optional, Metavar: "input",
			Help: "Print a JSON request template for --cli-input-json and exit."},
		output,
		{Name: "--no-paginate", Kind: Flag,
			Help: "Make one call and print the raw response, IsTruncated and Marker included; --max-items is then the API's MaxItems."},
		// Rejected by Args.Check with a pointer to jq.
		{Name: "--query", Kind: String, Metavar: "JMESPATH", Hidden: true},
		// Accepted so that `aws iam ...` command lines run unchanged; they
		// mean nothing offline.
		{Name: "--debug", Kind: Flag, Hidden: true},
		{Name: "--region", Kind: String, Hidden: true},
		{Name: "--profile", Kind: String, Hidden: true},
		{Name: "--endpoint-url", Kind: String, Hidden: true},
		{Name: "--no-verify-ssl", Kind: Flag, Hidden: true},
		{Name: "--no-sign-request", Kind: Flag, Hidden: true},
		{Name: "--color", Kind: String, Hidden: true},
		{Name: "--ca-bundle", Kind: String, Hidden: true},
		{Name: "--cli-read-timeout", Kind: Int, Hidden: true},
		{Name: "--cli-connect-timeout", Kind: Int, Hidden: true},
	}
}

// PagingOptions returns the options the AWS CLI adds to a command whose
// operation it pages (--max-items, --starting-token, --page-size).
func PagingOptions() []Option {
	return []Option{
		{Name: "--max-items", Kind: Int, Metavar: "N",
			Help: "Print at most N results, and a NextToken to resume from."},
		{Name: "--starting-token", Kind: String, Metavar: "TOKEN",
			Help: "Resume from the NextToken printed by an earlier --max-items run."},
		{Name: "--page-size", Kind: Int, Metavar: "N",
			Help: "Ask the simulator for N results per call (MaxItems); does not change the output."},
	}
}
