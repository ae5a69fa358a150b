// Runs differential cases through @cloud-copilot/iam-simulate, the
// independent implementation iamsim is compared with (AGPL-3.0: it is
// installed into node_modules/ here by run.sh and only ever run as this
// separate process; iamsim neither builds against it nor copies its code).
//
// Input (stdin): one JSON object per line,
//   {"id": 7,
//    "identity": [POLICY, ...],          identity-based policies
//    "resourcePolicy": POLICY,           optional
//    "boundary": [POLICY, ...],          optional permissions boundaries
//    "scps": [[POLICY, ...], ...],       SCP levels, root first
//    "rcps": [[POLICY, ...], ...],       RCP levels, root first
//    "principal": "arn:..." | "anonymous",
//    "action": "s3:GetObject",
//    "resource": "arn:aws:s3:::bucket/key",
//    "account": "111122223333",          the resource's account
//    "context": {"aws:SourceIp": "10.0.0.5", "aws:TagKeys": ["a", "b"]}}
//   (a list-typed key is a JSON array, a single-valued key a string).
// Output (stdout): one JSON object per input line, in order,
//   {"id": 7, "decision": "allowed" | "explicitDeny" | "implicitDeny"}
//   or {"id": 7, "error": "message"}.
//
// A case without a session policy goes through runUnsafeSimulation, the
// package's evaluation entry point without its catalogue checks: iamsim, like
// the IAM simulator, does not check action names or resource types against a
// service catalogue, and the checked entry point (runSimulation) drops context
// keys its catalogue does not list for the action and expands wildcard
// request resources. runUnsafeSimulation takes no session policy, so a case
// with one ("sessionPolicy": POLICY) goes through runSimulation; the Go side
// keeps those cases to actions, resource types and global context keys its
// catalogue accepts, and a case whose context keys it would drop is answered
// with an error rather than a decision. Each line is answered as soon as it is
// read, so the Go side can also use the process interactively (the shrinker
// sends one case and waits for its answer).

import { createValidatedPolicy } from '@cloud-copilot/iam-policy'
import { anonymousPrincipal, runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { createInterface } from 'node:readline'

const decisions = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny'
}

function named(prefix, policies) {
  return (policies ?? []).map((policy, i) => ({ name: `${prefix}.${i + 1}`, policy }))
}

function levels(prefix, ls) {
  return (ls ?? []).map((policies, l) => ({
    orgIdentifier: `${prefix}-level-${l + 1}`,
    policies: named(`${prefix}.${l + 1}`, policies)
  }))
}

async function run(c) {
  const simulation = {
    request: {
      principal: c.principal === 'anonymous' ? anonymousPrincipal : c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.account },
      contextVariables: c.context ?? {}
    },
    identityPolicies: named('identity', c.identity),
    serviceControlPolicies: levels('scp', c.scps),
    resourceControlPolicies: levels('rcp', c.rcps)
  }
  if (c.resourcePolicy) {
    // runUnsafeSimulation loads a plain resource policy without a name and
    // then fails reading it (0.1.173: "Cannot read properties of undefined
    // (reading 'name')"); a policy already wrapped by iam-policy carries
    // its name. The empty error list skips nothing in unsafe mode, which
    // validates no policy anyway.
    simulation.resourcePolicy = createValidatedPolicy(c.resourcePolicy, () => [], { name: 'resource' })
  }
  if (c.boundary && c.boundary.length > 0) {
    simulation.permissionBoundaryPolicies = named('boundary', c.boundary)
  }
  let result
  if (c.sessionPolicy) {
    if (c.resourcePolicy) {
      simulation.resourcePolicy = c.resourcePolicy // validated like the others
    }
    simulation.sessionPolicy = c.sessionPolicy
    const res = await runSimulation(simulation, { simulationMode: 'Strict' })
    if (res.resultType === 'error') {
      throw new Error(`runSimulation: ${JSON.stringify(res.errors)}`)
    }
    if (res.resultType !== 'single') {
      throw new Error(`runSimulation: result type ${res.resultType}`)
    }
    if (res.result.ignoredContextKeys && res.result.ignoredContextKeys.length > 0) {
      throw new Error(`runSimulation ignored context keys ${res.result.ignoredContextKeys.join(',')}`)
    }
    result = res.overallResult
  } else {
    result = runUnsafeSimulation(simulation, { simulationMode: 'Strict' })
  }
  const decision = decisions[result]
  if (!decision) {
    throw new Error(`unknown result ${JSON.stringify(result)}`)
  }
  return decision
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (line.trim() === '') {
    continue
  }
  let id = null
  let out
  try {
    const c = JSON.parse(line)
    id = c.id ?? null
    out = { id, decision: await run(c) }
  } catch (e) {
    out = { id, error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
