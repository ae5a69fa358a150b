#!/usr/bin/env bash
# Runs the AWS CLI v2 (Debian's `apt-get install awscli`) against
# `iamsim serve`: builds an account with users, groups, roles, managed and
# inline policies and a permissions boundary through `aws iam`, then asks
# simulate-principal-policy, simulate-custom-policy and
# get-context-keys-for-* and compares every answer with the `iamsim` CLI's
# for the same input (the principal commands read the account back through
# `aws iam get-account-authorization-details`). The server verifies
# Signature Version 4 (--require-sigv4): every request the CLI signs must
# pass, and a wrong secret or no signature must fail with AWS's codes.
#
# usage: scripts/awscli-v2-parity.sh        (AWS=/path/to/aws to choose the CLI)
# Exits 0 when all answers agree, 1 on a difference, 2 without an AWS CLI v2.
set -euo pipefail
cd "$(dirname "$0")/.."

# Find an AWS CLI version 2 (pyenv or pip may put a v1 first on PATH).
find_aws() {
  local c
  for c in ${AWS:-} $(type -ap aws) /usr/bin/aws /usr/local/bin/aws; do
    if [ -x "$c" ] && "$c" --version 2>&1 | grep -q '^aws-cli/2'; then echo "$c"; return 0; fi
  done
  return 1
}
if ! AWSCLI=$(find_aws); then
  echo "awscli-v2-parity: no AWS CLI version 2 found (apt-get install awscli); skipped" >&2
  exit 2
fi
echo "== $("$AWSCLI" --version 2>&1)"

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/iamsim" ./cmd/iamsim
IAMSIM="$work/iamsim"

# The server: loopback only, a free port, state on disk, requests signed
# with the key below.
printf '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example\n' >"$work/credentials"
serve=(serve --listen 127.0.0.1:0 --data-dir "$work/data" --require-sigv4 --credentials-file "$work/credentials")
"$IAMSIM" "${serve[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/.*listening on //p' "$work/serve.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "iamsim serve did not start:"; cat "$work/serve.err"; exit 1; }
echo "== iamsim serve at $url"

# No real credentials, configuration or pager.
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=example AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER= AWS_EC2_METADATA_DISABLED=true
awsiam() { "$AWSCLI" iam "$@" --endpoint-url "$url" --output json; }

# Policy documents, indented with four spaces: the AWS CLI prints documents
# as JSON objects, and iamsim re-indents an object that way, so statement
# positions read back from the snapshot are the ones the server reports.
cat >"$work/boundary.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:*",
                "dynamodb:*",
                "logs:*"
            ],
            "Resource": "*"
        }
    ]
}
JSON
cat >"$work/devaccess.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Tables",
            "Effect": "Allow",
            "Action": "dynamodb:*",
            "Resource": "arn:aws:dynamodb:*:123456789012:table/dev-*"
        },
        {
            "Sid": "NoDelete",
            "Effect": "Deny",
            "Action": "dynamodb:DeleteTable",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "ec2:Describe*",
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "aws:RequestedRegion": "eu-west-1"
                }
            }
        }
    ]
}
JSON
cat >"$work/home.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:PutObject"
            ],
            "Resource": "arn:aws:s3:::example-home/${aws:username}/*"
        }
    ]
}
JSON
cat >"$work/logs.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "logs:*",
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "aws:PrincipalTag/team": "platform"
                }
            }
        }
    ]
}
JSON
cat >"$work/trust.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {
                "Service": "lambda.amazonaws.com"
            },
            "Action": "sts:AssumeRole"
        }
    ]
}
JSON
cat >"$work/lambda.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage"
            ],
            "Resource": "arn:aws:sqs:eu-west-1:123456789012:jobs"
        }
    ]
}
JSON

echo "== building the account with aws iam"
acct=arn:aws:iam::123456789012
awsiam create-policy --policy-name DeveloperBoundary --policy-document "file://$work/boundary.json" >/dev/null
awsiam create-policy --policy-name DeveloperAccess --path /team/ --policy-document "file://$work/devaccess.json" >/dev/null
awsiam create-group --group-name developers >/dev/null
awsiam attach-group-policy --group-name developers --policy-arn "$acct:policy/team/DeveloperAccess"
awsiam put-group-policy --group-name developers --policy-name Logs --policy-document "file://$work/logs.json"
awsiam create-user --user-name alice --path /engineering/ --tags Key=team,Value=platform >/dev/null
awsiam add-user-to-group --group-name developers --user-name alice
awsiam put-user-policy --user-name alice --policy-name HomeFolder --policy-document "file://$work/home.json"
awsiam put-user-permissions-boundary --user-name alice --permissions-boundary "$acct:policy/DeveloperBoundary"
awsiam create-user --user-name bob >/dev/null
awsiam add-user-to-group --group-name developers --user-name bob
awsiam create-role --role-name app-lambda --assume-role-policy-document "file://$work/trust.json" >/dev/null
awsiam put-role-policy --role-name app-lambda --policy-name Jobs --policy-document "file://$work/lambda.json"
awsiam attach-role-policy --role-name app-lambda --policy-arn "$acct:policy/team/DeveloperAccess"
awsiam put-role-permissions-boundary --role-name app-lambda --permissions-boundary "$acct:policy/DeveloperBoundary"
# Errors come back as AWS's (the CLI exits 254 on a service error).
set +e
out=$(awsiam delete-policy --policy-arn "$acct:policy/DeveloperBoundary" 2>&1); rc=$?
set -e
if [ $rc -ne 254 ] || ! grep -q 'DeleteConflict' <<<"$out"; then echo "want DeleteConflict (254), got $rc: $out"; exit 1; fi
awsiam get-account-authorization-details >"$work/account.json"
# Signature Version 4: a wrong secret and an unsigned request are refused.
set +e
out=$(AWS_SECRET_ACCESS_KEY=wrong awsiam get-user --user-name bob 2>&1); rc=$?
set -e
if [ $rc -ne 254 ] || ! grep -q 'SignatureDoesNotMatch' <<<"$out"; then echo "want SignatureDoesNotMatch (254), got $rc: $out"; exit 1; fi
set +e
out=$(awsiam get-user --user-name bob --no-sign-request 2>&1); rc=$?
set -e
if [ $rc -ne 254 ] || ! grep -q 'MissingAuthenticationToken' <<<"$out"; then echo "want MissingAuthenticationToken (254), got $rc: $out"; exit 1; fi
echo "ok   signatures verified"

# jsonlist FILE...: the documents as one JSON list of strings. (Given
# `--policy-input-list file://x.json`, AWS CLI 2.9 splits a multi-line
# document into its characters; a JSON list is read the same by every
# version and by iamsim.)
jsonlist() { python3 -c 'import json,sys; print(json.dumps([open(f).read() for f in sys.argv[1:]]))' "$@"; }

fail=0
# compare NAME ARGS...: the same command through the server and through iamsim.
compare() {
  local name=$1; shift
  local cmd=$1; shift
  local snap=()
  case $cmd in *principal*) snap=(--account-snapshot "$work/account.json");; esac
  awsiam "$cmd" "$@" >"$work/aws.out" 2>"$work/aws.err" || { echo "FAIL $name: aws: $(cat "$work/aws.err")"; fail=1; return; }
  "$IAMSIM" "$cmd" "${snap[@]}" "$@" --output json >"$work/iamsim.out" 2>"$work/iamsim.err" || { echo "FAIL $name: iamsim: $(cat "$work/iamsim.err")"; fail=1; return; }
  if python3 - "$work/aws.out" "$work/iamsim.out" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
  then
    echo "ok   $name"
  else
    echo "FAIL $name"; diff <(python3 -m json.tool --sort-keys "$work/aws.out") <(python3 -m json.tool --sort-keys "$work/iamsim.out") | head -40
    fail=1
  fi
}

echo "== comparing aws iam (via iamsim serve) with the iamsim CLI"
compare "principal alice" simulate-principal-policy --policy-source-arn "$acct:user/engineering/alice" \
  --action-names s3:GetObject s3:DeleteObject dynamodb:PutItem dynamodb:DeleteTable ec2:DescribeInstances logs:PutLogEvents iam:CreateUser \
  --resource-arns arn:aws:s3:::example-home/alice/notes.txt arn:aws:dynamodb:eu-west-1:123456789012:table/dev-orders \
  --context-entries ContextKeyName=aws:RequestedRegion,ContextKeyValues=eu-west-1,ContextKeyType=string
compare "principal bob (no boundary)" simulate-principal-policy --policy-source-arn "$acct:user/bob" \
  --action-names ec2:DescribeInstances ec2:RunInstances logs:PutLogEvents
compare "principal group" simulate-principal-policy --policy-source-arn "$acct:group/developers" \
  --action-names dynamodb:GetItem dynamodb:DeleteTable --resource-arns arn:aws:dynamodb:us-east-1:123456789012:table/dev-x
compare "principal role" simulate-principal-policy --policy-source-arn "$acct:role/app-lambda" \
  --action-names sqs:ReceiveMessage sqs:SendMessage dynamodb:Query --resource-arns arn:aws:sqs:eu-west-1:123456789012:jobs
compare "principal paged" simulate-principal-policy --policy-source-arn "$acct:user/engineering/alice" \
  --action-names s3:GetObject s3:PutObject s3:ListBucket dynamodb:Scan --max-items 3
compare "custom" simulate-custom-policy --policy-input-list "$(jsonlist "$work/devaccess.json")" \
  --permissions-boundary-policy-input-list "$(jsonlist "$work/boundary.json")" \
  --action-names dynamodb:GetItem dynamodb:DeleteTable ec2:DescribeVpcs \
  --resource-arns arn:aws:dynamodb:eu-west-1:123456789012:table/dev-a \
  --context-entries ContextKeyName=aws:RequestedRegion,ContextKeyValues=us-east-1,ContextKeyType=string
compare "custom with resource policy" simulate-custom-policy --policy-input-list "$(jsonlist "$work/home.json")" \
  --action-names s3:GetObject --resource-arns arn:aws:s3:::example-home/alice/a \
  --resource-policy '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}' \
  --caller-arn "$acct:user/engineering/alice" \
  --context-entries ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean
compare "context keys custom" get-context-keys-for-custom-policy --policy-input-list "$(jsonlist "$work/devaccess.json" "$work/home.json")"
compare "context keys principal" get-context-keys-for-principal-policy --policy-source-arn "$acct:user/engineering/alice"
compare "context keys principal role" get-context-keys-for-principal-policy --policy-source-arn "$acct:role/app-lambda"

# The error of an unknown principal, as the CLI prints it.
set +e
a=$(awsiam simulate-principal-policy --policy-source-arn "$acct:user/nobody" --action-names s3:GetObject 2>&1); ra=$?
b=$("$IAMSIM" simulate-principal-policy --account-snapshot "$work/account.json" --policy-source-arn "$acct:user/nobody" --action-names s3:GetObject 2>&1); rb=$?
set -e
if [ $ra -eq $rb ] && [ "$(echo "$a" | grep -o 'NoSuchEntity')" = "$(echo "$b" | grep -o 'NoSuchEntity')" ] && [ -n "$(echo "$a" | grep -o NoSuchEntity)" ]; then
  echo "ok   error NoSuchEntity (exit $ra)"
else
  echo "FAIL error: aws exit $ra: $a / iamsim exit $rb: $b"; fail=1
fi

# Durability: restart the server on its data directory; the account is the same.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
"$IAMSIM" "${serve[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 100); do url=$(sed -n 's/.*listening on //p' "$work/serve.out"); [ -n "$url" ] && break; sleep 0.1; done
awsiam get-account-authorization-details >"$work/account2.json"
if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))==json.load(open(sys.argv[2])) else 1)' "$work/account.json" "$work/account2.json"; then
  echo "ok   state reloaded from --data-dir"
else
  echo "FAIL state after restart differs"; fail=1
fi

if [ $fail -ne 0 ]; then echo "== awscli-v2-parity: differences found"; exit 1; fi
echo "== awscli-v2-parity: all answers agree"
