package benchmarks

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/iamsim/iamsim/policy"
)

// The request of the typical and large workloads: reading a report from the
// team bucket, from the office network, over TLS, with MFA.
const (
	typicalAction   = "s3:GetObject"
	typicalResource = "arn:aws:s3:::team-data/reports/2024/q1.csv"
)

// Conditions of the typical workload, with their truth under stdContext.
var (
	cIPOffice      = mcond{"IpAddress", "aws:SourceIp", list("10.0.0.0/8", "192.168.0.0/16"), true}
	cNoMFA         = mcond{"Bool", "aws:MultiFactorAuthPresent", list("false"), false}
	cNoMFAIfExists = mcond{"BoolIfExists", "aws:MultiFactorAuthPresent", list("false"), false}
	cNotTLS        = mcond{"Bool", "aws:SecureTransport", list("false"), false}
	cHomePrefix    = mcond{"StringLike", "s3:prefix", list("reports/*", "home/${aws:username}/*"), false}
	cSSENotKMS     = mcond{"StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", list("aws:kms"), true}
	cTagKeys       = mcond{"ForAnyValue:StringEquals", "aws:TagKeys", list("team", "project"), true}
	cOtherRegion   = mcond{"StringNotEquals", "aws:RequestedRegion", list("us-east-1", "eu-west-1"), false}
	cAfter2024     = mcond{"DateGreaterThan", "aws:CurrentTime", list("2024-01-01T00:00:00Z"), true}
	cBefore2030    = mcond{"DateLessThan", "aws:CurrentTime", list("2030-01-01T00:00:00Z"), true}
	cViaS3         = mcond{"StringEquals", "kms:ViaService", list("s3.us-east-1.amazonaws.com"), false}
	cOutsideIPs    = mcond{"NotIpAddress", "aws:SourceIp", list("192.0.2.0/24", "203.0.113.0/24", "10.0.0.0/8"), false}
	cTeamTag       = mcond{"StringLike", "aws:PrincipalTag/team", list("analytics", "data-*"), true}
	cLeadingKeys   = mcond{"ForAnyValue:StringEquals", "dynamodb:LeadingKeys", list("${aws:username}"), false}
)

func arn(service, resource string) string {
	return "arn:aws:" + service + ":us-east-1:" + accountID + ":" + resource
}

// typicalPolicies is one IAM user's policies as a team would write them:
// five identity policies of eight statements each (15 of the 40 with
// conditions: string, IP, date, Bool, ForAnyValue, IfExists), wildcard
// actions and resources, an MFA guard written with NotAction, a source-IP
// guard on "*", and a permissions boundary. Several statements are
// modelled on the examples of the IAM User Guide
// (reference_policies_examples_*.md).
func typicalPolicies() []mpolicy {
	userRes := "arn:aws:iam::*:user/${aws:username}"
	return []mpolicy{
		{id: "TeamS3", kind: policy.KindIdentity, stmts: []mstmt{
			allow("S3ListTeamBucket", list("s3:ListBucket"), list("arn:aws:s3:::team-data"), cHomePrefix),
			allow("S3ReadTeamData", list("s3:Get*", "s3:List*"), list("arn:aws:s3:::team-data/*"), cIPOffice),
			allow("S3WriteHome", list("s3:PutObject", "s3:DeleteObject"), list("arn:aws:s3:::team-data/home/${aws:username}/*")),
			deny("S3DenyDeleteWithoutMFA", list("s3:DeleteObject*"), list("arn:aws:s3:::team-data/*"), cNoMFA),
			allow("S3PublicRead", list("s3:GetObject"), list("arn:aws:s3:::public-assets/*")),
			deny("S3DenySecret", list("s3:*"), list("arn:aws:s3:::team-data/secret/*")),
			allow("S3ListAll", list("s3:ListAllMyBuckets", "s3:GetBucketLocation"), list("*")),
			deny("S3DenyUnencryptedPut", list("s3:PutObject"), list("arn:aws:s3:::team-data/*"), cSSENotKMS),
		}},
		{id: "TeamEC2", kind: policy.KindIdentity, stmts: []mstmt{
			allow("EC2Describe", list("ec2:Describe*"), list("*")),
			allow("EC2StartStop", list("ec2:StartInstances", "ec2:StopInstances", "ec2:RebootInstances"), list("arn:aws:ec2:*:"+accountID+":instance/*")),
			allow("EC2RunTagged", list("ec2:RunInstances"), list(arn("ec2", "instance/*"), arn("ec2", "volume/*")), cTagKeys),
			allow("EC2RunSupport", list("ec2:RunInstances"), list("arn:aws:ec2:us-east-1::image/*", arn("ec2", "subnet/*"), arn("ec2", "security-group/*"), arn("ec2", "network-interface/*"), arn("ec2", "key-pair/*"))),
			allow("EC2CreateTags", list("ec2:CreateTags"), list("arn:aws:ec2:*:"+accountID+":*/*")),
			deny("EC2DenyTerminateNoMFA", list("ec2:TerminateInstances"), list("*"), cNoMFAIfExists),
			deny("EC2DenyOtherRegions", list("ec2:*"), list("*"), cOtherRegion),
			allow("EC2Volumes", list("ec2:AttachVolume", "ec2:DetachVolume"), list(arn("ec2", "instance/*"), arn("ec2", "volume/*"))),
		}},
		{id: "SelfManageMFA", kind: policy.KindIdentity, stmts: []mstmt{
			allow("AllowViewAccountInfo", list("iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"), list("*")),
			allow("AllowManageOwnPasswords", list("iam:ChangePassword", "iam:GetUser"), list(userRes)),
			allow("AllowManageOwnAccessKeys", list("iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"), list(userRes)),
			allow("AllowManageOwnSigningCertificates", list("iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate", "iam:UploadSigningCertificate"), list(userRes)),
			allow("AllowManageOwnSSHPublicKeys", list("iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey", "iam:UploadSSHPublicKey"), list(userRes)),
			allow("AllowManageOwnVirtualMFADevice", list("iam:CreateVirtualMFADevice"), list("arn:aws:iam::*:mfa/*")),
			allow("AllowManageOwnUserMFA", list("iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"), list(userRes)),
			{sid: "DenyAllExceptListedIfNoMFA", effect: policy.Deny, notAction: true,
				actions:   list("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"),
				resources: list("*"), conds: []mcond{cNoMFAIfExists}},
		}},
		{id: "DataServices", kind: policy.KindIdentity, stmts: []mstmt{
			allow("DynamoRead", list("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"), list(arn("dynamodb", "table/analytics-*")), cAfter2024, cBefore2030),
			allow("DynamoWriteOwnKeys", list("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"), list(arn("dynamodb", "table/analytics-*")), cLeadingKeys),
			allow("S3ReportsByDate", list("s3:GetObject", "s3:GetObjectVersion"), list("arn:aws:s3:::team-data/reports/*"), cAfter2024, cBefore2030),
			allow("LogsWrite", list("logs:CreateLogStream", "logs:PutLogEvents"), list(arn("logs", "log-group:/team/*"))),
			allow("CloudWatchRead", list("cloudwatch:Get*", "cloudwatch:List*", "cloudwatch:Describe*"), list("*")),
			allow("KMSDecryptViaS3", list("kms:Decrypt", "kms:GenerateDataKey"), list(arn("kms", "key/*")), cViaS3),
			allow("SQSTeam", list("sqs:*"), list(arn("sqs", "team-*"))),
			deny("DenyInsecureTransport", list("s3:*", "dynamodb:*", "sqs:*"), list("*"), cNotTLS),
		}},
		{id: "Guardrails", kind: policy.KindIdentity, stmts: []mstmt{
			deny("DenyLeaveOrganization", list("organizations:LeaveOrganization"), list("*")),
			deny("DenyOutsideOfficeIPs", list("*"), list("*"), cOutsideIPs),
			allow("LambdaInvoke", list("lambda:InvokeFunction"), list(arn("lambda", "function:team-*"))),
			allow("SNSPublish", list("sns:Publish"), list(arn("sns", "team-*")), cTeamTag),
			allow("SecretsRead", list("secretsmanager:GetSecretValue"), list(arn("secretsmanager", "secret:team/*"))),
			allow("STSAssumeTeamRoles", list("sts:AssumeRole"), list("arn:aws:iam::"+accountID+":role/team-*")),
			deny("DenyBoundaryTampering", list("iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary"), list("arn:aws:iam::"+accountID+":policy/TeamBoundary")),
			allow("AthenaTeamWorkgroup", list("athena:*"), list(arn("athena", "workgroup/team"))),
		}},
		{id: "TeamBoundary", kind: policy.KindBoundary, stmts: []mstmt{
			allow("BoundaryServices", list("s3:*", "ec2:*", "dynamodb:*", "logs:*", "cloudwatch:*", "kms:Decrypt", "kms:GenerateDataKey",
				"sqs:*", "sns:*", "lambda:*", "athena:*", "secretsmanager:GetSecretValue", "sts:AssumeRole", "iam:Get*", "iam:List*",
				"iam:ChangePassword", "iam:*AccessKey*", "iam:*SigningCertificate*", "iam:*SSHPublicKey*", "iam:*MFADevice*"), list("*")),
			deny("BoundaryNoIAMAdmin", list("iam:CreateUser", "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:CreateRole", "iam:AttachRolePolicy"), list("*")),
		}},
	}
}

// services is a list of real IAM service prefixes, used by the large
// workload and the broad managed-policy look-alikes.
var services = strings.Fields(`
access-analyzer account acm acm-pca airflow amplify apigateway appconfig appflow application-autoscaling
applicationinsights appmesh apprunner appstream appsync aps athena auditmanager autoscaling backup batch
bedrock budgets ce chatbot cloud9 cloudformation cloudfront cloudhsm cloudsearch cloudshell cloudtrail
cloudwatch codeartifact codebuild codecommit codedeploy codeguru-reviewer codepipeline codestar-connections
cognito-identity cognito-idp comprehend config connect databrew dataexchange datapipeline datasync dax
detective devicefarm directconnect dlm dms docdb-elastic ds dynamodb ebs ec2 ecr ecr-public ecs eks
elasticache elasticbeanstalk elasticfilesystem elasticloadbalancing elasticmapreduce elastictranscoder
emr-containers emr-serverless es events evidently firehose fis fms forecast frauddetector fsx gamelift
glacier globalaccelerator glue grafana greengrass groundstation guardduty health healthlake iam identitystore
imagebuilder inspector inspector2 iot iotanalytics iotevents iotsitewise iotwireless ivs kafka kafkaconnect
kendra kinesis kinesisanalytics kinesisvideo kms lakeformation lambda lex license-manager lightsail logs
lookoutmetrics m2 macie2 mediaconnect mediaconvert medialive mediapackage mediastore memorydb mgn mq
network-firewall networkmanager oam omics opensearch organizations outposts personalize pi pipes polly
pricing proton qldb quicksight ram rds rds-data redshift redshift-serverless rekognition resource-groups
robomaker route53 route53domains route53resolver rum s3 s3-object-lambda sagemaker savingsplans scheduler
schemas sdb secretsmanager securityhub serverlessrepo servicecatalog servicediscovery servicequotas ses
shield signer sms sns sqs ssm ssm-contacts ssm-incidents sso states storagegateway sts support swf
synthetics tag textract timestream transcribe transfer translate waf waf-regional wafv2 wellarchitected
workspaces xray`)

var (
	readVerbs  = strings.Fields("Get List Describe BatchGet Search Lookup Query Scan View Check")
	writeVerbs = strings.Fields("Put Create Delete Update Tag Untag Start Stop Modify Attach Detach Associate Disassociate Enable Disable")
	nouns      = strings.Fields(`Account Alarm Alias Application Association Backup Bucket Certificate Cluster Configuration
Connection Dashboard Database Dataset Deployment Device Domain Endpoint Environment Event Export Fleet Function
Group Image Index Instance Integration Job Key Layer Listener Model Namespace Notebook Object Parameter Pipeline
Policy Project Queue Record Replication Report Repository Resource Role Rule Schedule Schema Secret Service
Session Snapshot Stack Stream Subnet Table Tag Task Template Topic Trail User Volume Workflow Workgroup`)
)

// broadPolicies are three look-alikes of AWS's broadest managed policies
// (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit), listing thousands of
// actions: Get*/List*/Describe*/... patterns for every service, and long
// lists of exact action names.
func broadPolicies() []mpolicy {
	var ro1, ro2, view, audit1, audit2 []string
	for i, svc := range services {
		for _, v := range readVerbs[:5] {
			ro1 = append(ro1, svc+":"+v+"*")
		}
		for k := range 6 {
			n := nouns[(i*7+k*11)%len(nouns)]
			ro2 = append(ro2, svc+":"+readVerbs[5+k%5]+n)
		}
		for k := range 8 {
			n := nouns[(i*3+k*5)%len(nouns)]
			view = append(view, svc+":"+readVerbs[k%3]+n+"s")
		}
		for k := range 4 {
			n := nouns[(i*5+k*13)%len(nouns)]
			audit1 = append(audit1, svc+":Get"+n+"Policy")
			audit2 = append(audit2, svc+":Describe"+n+"Configuration")
		}
	}
	return []mpolicy{
		{id: "ReadOnlyAccessLike", kind: policy.KindIdentity, stmts: []mstmt{
			allow("ReadOnlyPatterns", ro1, list("*")),
			allow("ReadOnlyActions", ro2, list("*")),
		}},
		{id: "ViewOnlyAccessLike", kind: policy.KindIdentity, stmts: []mstmt{
			allow("ViewOnly", view, list("*")),
		}},
		{id: "SecurityAuditLike", kind: policy.KindIdentity, stmts: []mstmt{
			allow("AuditPolicies", audit1, list("*")),
			allow("AuditConfigurations", audit2, list("*")),
		}},
	}
}

// Sizes of the large workload.
const (
	largePolicies   = 200
	largeStatements = 5000
)

// largeWorkloadPolicies is the typical user's policies plus the three broad
// managed-policy look-alikes plus generated team policies, up to 200
// identity policies with 5,000 statements, spread over ~200 services as
// statements of real accounts are; a third have conditions, a tenth are
// Deny, a few use NotAction or "*". The request is the typical one; only
// the statements about S3 and the global ones are candidates for it.
func largeWorkloadPolicies() []mpolicy {
	rng := rand.New(rand.NewPCG(1, 2))
	ps := typicalPolicies()
	ps = append(ps, broadPolicies()...)
	stmts := 0
	identity := 0
	for _, p := range ps {
		if p.kind == policy.KindIdentity {
			stmts += len(p.stmts)
			identity++
		}
	}
	filler := largePolicies - identity
	remaining := largeStatements - stmts
	for i := range filler {
		n := remaining / (filler - i)
		remaining -= n
		p := mpolicy{id: fmt.Sprintf("TeamPolicy%03d", i), kind: policy.KindIdentity}
		for j := range n {
			p.stmts = append(p.stmts, genStatement(rng, fmt.Sprintf("T%03dS%02d", i, j)))
		}
		ps = append(ps, p)
	}
	return ps
}

// genStatement generates one statement of a team policy. Deny statements
// never name "*" as their resource, so that the large workload keeps the
// typical request's answer: their conditions are left to chance.
func genStatement(rng *rand.Rand, sid string) mstmt {
	s := mstmt{sid: sid, effect: policy.Allow}
	if rng.IntN(10) == 0 {
		s.effect = policy.Deny
	}
	svc := services[rng.IntN(len(services))]
	switch r := rng.IntN(1000); {
	case r < 2: // a guard on every action: visited by every request
		s.actions = list("*")
	case r < 4:
		s.notAction = true
		s.actions = list("iam:*", "sts:*", "organizations:*", "support:*")
	default:
		for range 1 + rng.IntN(5) {
			noun := nouns[rng.IntN(len(nouns))]
			switch k := rng.IntN(20); {
			case k == 0:
				s.actions = append(s.actions, svc+":*")
			case k < 6:
				s.actions = append(s.actions, svc+":"+readVerbs[rng.IntN(4)]+"*")
			case k < 12:
				s.actions = append(s.actions, svc+":"+readVerbs[rng.IntN(len(readVerbs))]+noun)
			default:
				s.actions = append(s.actions, svc+":"+writeVerbs[rng.IntN(len(writeVerbs))]+noun)
			}
		}
	}
	for range 1 + rng.IntN(3) {
		team := fmt.Sprintf("team%02d", rng.IntN(40))
		switch k := rng.IntN(10); {
		case k < 2 && s.effect == policy.Allow:
			s.resources = list("*")
		case svc == "s3" || k < 4:
			s.resources = append(s.resources, "arn:aws:s3:::gen-"+team+"-bucket/*")
		case k < 7:
			s.resources = append(s.resources, arn(svc, strings.ToLower(nouns[rng.IntN(len(nouns))])+"/"+team+"-*"))
		default:
			s.resources = append(s.resources, "arn:aws:"+svc+":*:"+accountID+":*/"+team+"/*")
		}
		if len(s.resources) == 1 && s.resources[0] == "*" {
			break
		}
	}
	if rng.IntN(3) == 0 {
		used := map[string]bool{}
		for range 1 + rng.IntN(2) {
			c := condMenu[rng.IntN(len(condMenu))]
			if used[c.op+c.key] {
				continue
			}
			used[c.op+c.key] = true
			s.conds = append(s.conds, c)
		}
	}
	return s
}
