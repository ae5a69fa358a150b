package simulator

// Account is a snapshot of one AWS account's IAM entities and policies.
type Account struct{}
