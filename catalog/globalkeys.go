package catalog

import (
	"strings"
	"sync"
)

// globalKeys are the global condition keys of the IAM User Guide's "AWS
// global condition context keys" (reference_policies_condition-keys.md, at
// the last commit of awsdocs/iam-user-guide that has doc_source/), ordered
// by name in lower case. Each key's type follows its section: "Works with
// string operators" and "Value type – Multivalued" make ArrayOfString,
// date operators Date, and so on; a key that works with ARN operators as
// well as string operators is an ARN. The page writes the tag keys as
// aws:PrincipalTag/tag-key; they are written here as the Service
// Authorization Reference writes them, with ${TagKey}.
//
// The keys marked "live page" were added to the page after that commit;
// they are from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html.
var globalKeys = []ConditionKey{
	{Name: "aws:AssumedRoot", Type: Bool, Description: "Whether the request was made with a privileged root session of a member account (live page)"},
	{Name: "aws:CalledVia", Type: ArrayOfString, Description: "The service principals of the services that made the request on the principal's behalf, in order"},
	{Name: "aws:CalledViaFirst", Type: String, Description: "The first service that made a request on the principal's behalf"},
	{Name: "aws:CalledViaLast", Type: String, Description: "The last service that made a request on the principal's behalf"},
	{Name: "aws:ChatbotSourceArn", Type: ARN, Description: "The chat channel configuration of a request made through AWS Chatbot (live page)"},
	{Name: "aws:CurrentTime", Type: Date, Description: "The date and time of the request"},
	{Name: "aws:Ec2InstanceSourcePrivateIPv4", Type: IPAddress, Description: "The private IPv4 address of the EC2 instance whose role credentials signed the request"},
	{Name: "aws:Ec2InstanceSourceVpc", Type: String, Description: "The VPC to which the EC2 role credentials that signed the request were delivered"},
	{Name: "aws:EpochTime", Type: Date, Description: "The date and time of the request in epoch seconds; works with numeric operators too"},
	{Name: "aws:FederatedProvider", Type: String, Description: "The identity provider that issued the role session's federated identity"},
	{Name: "aws:MultiFactorAuthAge", Type: Numeric, Description: "Seconds since the principal authenticated with MFA"},
	{Name: "aws:MultiFactorAuthPresent", Type: Bool, Description: "Whether the temporary credentials of the request were obtained with MFA"},
	{Name: "aws:PrincipalAccount", Type: String, Description: "The account of the principal making the request"},
	{Name: "aws:PrincipalArn", Type: ARN, Description: "The ARN of the principal making the request"},
	{Name: "aws:PrincipalIsAWSService", Type: Bool, Description: "Whether the request is made by an AWS service principal"},
	{Name: "aws:PrincipalOrgID", Type: String, Description: "The organization of the principal's account"},
	{Name: "aws:PrincipalOrgPaths", Type: ArrayOfString, Description: "The Organizations path of the principal's account"},
	{Name: "aws:PrincipalServiceName", Type: String, Description: "The service principal making the request"},
	{Name: "aws:PrincipalServiceNamesList", Type: ArrayOfString, Description: "Every service principal name of the service making the request"},
	{Name: "aws:PrincipalTag/${TagKey}", Type: String, Description: "A tag of the principal making the request"},
	{Name: "aws:PrincipalType", Type: String, Description: "The type of principal making the request (Account, User, FederatedUser, AssumedRole, Anonymous)"},
	{Name: "aws:referer", Type: String, Description: "The HTTP referer of the request"},
	{Name: "aws:RequestedRegion", Type: String, Description: "The Region the request was made to"},
	{Name: "aws:RequestTag/${TagKey}", Type: String, Description: "A tag passed in the request"},
	{Name: "aws:ResourceAccount", Type: String, Description: "The account that owns the requested resource"},
	{Name: "aws:ResourceOrgID", Type: String, Description: "The organization of the account that owns the requested resource"},
	{Name: "aws:ResourceOrgPaths", Type: ArrayOfString, Description: "The Organizations path of the account that owns the requested resource"},
	{Name: "aws:ResourceTag/${TagKey}", Type: String, Description: "A tag of the requested resource"},
	{Name: "aws:SecureTransport", Type: Bool, Description: "Whether the request was sent over TLS"},
	{Name: "aws:SourceAccount", Type: String, Description: "The account of the resource for which a service made the request"},
	{Name: "aws:SourceArn", Type: ARN, Description: "The ARN of the resource for which a service made the request"},
	{Name: "aws:SourceIdentity", Type: String, Description: "The source identity set when the role was assumed"},
	{Name: "aws:SourceIp", Type: IPAddress, Description: "The requester's IP address"},
	{Name: "aws:SourceOrgID", Type: String, Description: "The organization of the account of the resource for which a service made the request (live page)"},
	{Name: "aws:SourceOrgPaths", Type: ArrayOfString, Description: "The Organizations path of the account of the resource for which a service made the request (live page)"},
	{Name: "aws:SourceVpc", Type: String, Description: "The VPC of the VPC endpoint the request came through"},
	{Name: "aws:SourceVpcArn", Type: ARN, Description: "The ARN of the VPC of the VPC endpoint the request came through (live page)"},
	{Name: "aws:SourceVpce", Type: String, Description: "The VPC endpoint the request came through"},
	{Name: "aws:TagKeys", Type: ArrayOfString, Description: "The tag keys passed in the request"},
	{Name: "aws:TokenIssueTime", Type: Date, Description: "When the request's temporary credentials were issued"},
	{Name: "aws:UserAgent", Type: String, Description: "The requester's client application"},
	{Name: "aws:userid", Type: String, Description: "The unique ID of the principal making the request"},
	{Name: "aws:username", Type: String, Description: "The name of the IAM user making the request"},
	{Name: "aws:ViaAWSService", Type: Bool, Description: "Whether an AWS service made the request with the principal's credentials"},
	{Name: "aws:VpceAccount", Type: String, Description: "The account that owns the VPC endpoint the request came through (live page)"},
	{Name: "aws:VpceOrgID", Type: String, Description: "The organization of the account that owns the VPC endpoint the request came through (live page)"},
	{Name: "aws:VpceOrgPaths", Type: ArrayOfString, Description: "The Organizations path of the account that owns the VPC endpoint the request came through (live page)"},
	{Name: "aws:VpcSourceIp", Type: IPAddress, Description: "The IP address the request came from through a VPC endpoint"},
}

// globalIndex indexes globalKeys for lookup.
var globalIndex = sync.OnceValue(func() keySet {
	ks := keySet{byName: make(map[string]*ConditionKey, len(globalKeys))}
	for i := range globalKeys {
		k := &globalKeys[i]
		k.template = parseTemplate(k.Name)
		if k.template.literal() {
			ks.byName[strings.ToLower(k.Name)] = k
		} else {
			ks.templates = append(ks.templates, k)
		}
	}
	return ks
})
