// Package benchmarks measures iamsim end to end and holds no library code:
// the workloads, their checks and the benchmarks are in its test files.
//
//	policy.Parse ─► eval.Compile ─► Engine.Evaluate / Decide      (BenchmarkParse, BenchmarkCompile,
//	                                                                BenchmarkEvaluate, BenchmarkDecide,
//	                                                                BenchmarkMatrix, BenchmarkPathological)
//	simulator.SimulateCustomPolicy (API struct in, response out)    (BenchmarkSimulateCustomPolicy,
//	                                                                BenchmarkResponseFloor)
//	account.Load, endpoint.Handler (a change)                       (BenchmarkLoadAccountSnapshot,
//	                                                                BenchmarkEndpointCreateUser)
//
// # Workloads
//
// Every workload is generated deterministically in Go from a small model of
// its policies. The model is rendered to JSON for the parser and read by an
// oracle that decides each request without the engine (conditions carry
// whether they hold under the standard request context; Action and Resource
// patterns are matched with regular expressions), so each benchmark checks
// the engine's answer inside its loop and fails on a wrong one.
//
//   - typical: one IAM user (alice) with five identity policies of eight
//     statements each (15 of the 40 with conditions: string, IP, date, Bool,
//     ForAnyValue, IfExists), wildcard actions and resources, an MFA guard
//     written with NotAction, a source-IP guard on "*", and a permissions
//     boundary. The request: s3:GetObject on a report in the team bucket,
//     allowed by two identity statements and the boundary.
//   - large: the typical policies, three look-alikes of AWS's broadest
//     managed policies (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit:
//     5,238 actions listed) and generated team policies over 194
//     services, 200 identity policies and 5,000 statements in all; the
//     typical request.
//   - sweeps (BenchmarkEvaluate/same-action/..., distinct-actions/...): 10
//     or 5,000 statements with the deciding one first, in the middle or
//     last; all of them candidates for the request (same action, different
//     buckets) or one (each statement its own action).
//   - parse: policy.ParseKind and eval.Compile of every document of typical
//     and large, in MB/s of policy text. BenchmarkParse/large also reports
//     B/stmt, the heap a compiled statement keeps (runtime.MemStats after a
//     GC around Compile of the large set).
//   - simulate: SimulateCustomPolicy from the API input struct: 1x1 (one
//     policy of two statements, s3:GetObject on one object, aws:SourceIp
//     given) warm (same text each time: the Simulator's document cache
//     hits) and cold (the Sid changes each iteration: parse and compile
//     every time; a document used once is not cached);
//     10x50x20 (ten policies, 50 DynamoDB actions × 20 tables, 1,000
//     results) cold, and warm. The inputs and expected decisions are stored
//     in testdata/simulate-*.json for the peer comparison.
//     BenchmarkResponseFloor allocates and fills the warm 1x1's response
//     alone: the part of that simulation no implementation can skip, since
//     the caller owns the response.
//   - matrix: 1,000 principals (each its own Engine: two to five of 100
//     shared policies, and for three in ten a boundary) × 100 actions × 10
//     resources, a million decisions per op with Decide, on all cores (a
//     worker per GOMAXPROCS), reported as decisions/s. The grid's requests
//     carry one caller ARN: the generated policies use no caller-specific
//     key, so decisions depend only on each principal's policies.
//   - pathological: wildcard patterns such as *a*a*a*a*a*a*b against long
//     values and ARNs, ?-heavy ones (*?a?a…?ab, open or not, which a
//     backtracking matcher re-scans from every start), many ...IfExists keys, long value lists (StringLike,
//     StringEquals, IpAddress), ForAnyValue over long request lists, many
//     statements for one action; each at two sizes a tenfold step apart,
//     with ns/n (time per unit of size) to show whether time grows
//     linearly.
//   - writes (BenchmarkEndpointCreateUser): one CreateUser through the
//     endpoint's handler (account in memory, no network) in an account that
//     already holds 1,000 or 20,000 users: what a change costs as the
//     account grows.
//   - account snapshot (BenchmarkLoadAccountSnapshot): the
//     get-account-authorization-details JSON of an account with 5,000 roles
//     and 5,000 managed policies of 4 versions each (20,000 versions),
//     loaded with account.Load; reports live-MB, the
//     heap the loaded account keeps.
//
// The service catalog's benchmarks (first use from a catalog nothing has
// read, Action lookup, ExpandAction) are in catalog/bench_test.go, beside
// the package: the first needs its unexported loader.
//
// TestWorkloads and TestSimulateWorkloads run each workload once and check
// its decisions, so `go test ./...` exercises the generators (in well under
// a second of CPU).
//
// # Running
//
//	go test -bench . -benchmem -run '^$' ./benchmarks/                  # everything
//	go test -bench 'Evaluate/typical' -benchmem -run '^$' ./benchmarks/  # one
//	go test -run '^$' -bench 'Evaluate/large' -cpuprofile /tmp/x.prof ./benchmarks/ &&
//	  go tool pprof -top -nodecount 25 benchmarks.test /tmp/x.prof
//	bash benchmarks/compare/run.sh       # peer comparison (needs node and npm)
//	go test ./benchmarks -run TestSimulateWorkloads -args -update   # rewrite testdata
//
// Besides ns/op, every benchmark reports cpu-ns/op, the process's CPU time
// per op (GC included; BenchmarkMatrix: cpu-ns/decision). On a shared
// machine, wall-clock ns/op includes the time other processes held the
// cores; CPU time does not, so it is the steadier figure there. Most also
// report sys-ns/op, the kernel's part of that CPU time: near 0 for the
// benchmarks that do not allocate, and for those that do, what the garbage
// collector's cycles cost in system calls, page faults and signals (see
// BenchmarkResponseFloor).
//
// # Targets
//
// Goals the figures are read against (not enforced by tests): Evaluate
// typical ≤ 250 ns/op and 0 allocs/op; large ≤ 2× typical; Parse+compile ≥
// 50 MB/s; SimulateCustomPolicy 1x1 ≤ 0.4 µs warm and ≤ 10 µs cold,
// 10x50x20 ≤ 3 ms cold; Matrix ≥ 10 million decisions/s on 2 cores;
// pathological cases linear; ≤ 1 KiB per compiled statement; an account
// snapshot of 5,000 roles and 20,000 policy versions loaded in ≤ 2 s and
// ≤ 500 MB; a CreateUser with 20,000 users in the account ≤ 50 µs; the
// service catalog's first use ≤ 50 ms, an Action lookup ≤ 100 ns and 0
// allocs/op, expanding s3:Get* ≤ 20 µs, and its data ≤ 8 MB of binary.
//
// # Peer comparison
//
// compare/run.sh installs @cloud-copilot/iam-simulate (pinned in
// compare/package.json and package-lock.json) into compare/node_modules,
// which git ignores and the Go module never depends on, runs the simulate
// benchmarks of both in one run with every decision checked, and prints a
// table with the ratio; ROUNDS=N alternates the two sides N times and
// prints the median, lowest and highest of every figure.
package benchmarks
