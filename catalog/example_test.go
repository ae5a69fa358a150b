package catalog_test

import (
	"fmt"

	"github.com/iamsim/iamsim/catalog"
)

// Look up an action, expand a wildcard, find the resource type of an ARN
// and the type of a condition key, and read an AWS managed policy.
func Example() {
	c := catalog.Default()

	a, _ := c.Action("s3:getobject")
	fmt.Println(a, a.AccessLevel)

	gets, _ := c.ExpandAction("iam:*RolePolicy")
	for _, g := range gets {
		fmt.Println(" ", g, g.AccessLevel)
	}

	for _, r := range a.ResourceTypesFor("arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg") {
		fmt.Println(r.Name(), r.ResourceType.ARNFormat)
	}

	k, _ := c.ConditionKey("aws:RequestTag/team")
	fmt.Println(k.Name, k.Type)

	fmt.Println(c.NearestActions("s3:GetObjekt")[0])

	p, _ := c.ManagedPolicy("AdministratorAccess")
	fmt.Println(p.Arn, p.DefaultVersionId)
	fmt.Println(p.Document())
	// Output:
	// s3:GetObject Read
	//   iam:AttachRolePolicy Permissions management
	//   iam:DeleteRolePolicy Permissions management
	//   iam:DetachRolePolicy Permissions management
	//   iam:GetRolePolicy Read
	//   iam:PutRolePolicy Permissions management
	//   iam:UpdateAssumeRolePolicy Permissions management
	// object arn:${Partition}:s3:::${BucketName}/${ObjectName}
	// aws:RequestTag/${TagKey} String
	// s3:GetObject
	// arn:aws:iam::aws:policy/AdministratorAccess v1
	// {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
}
