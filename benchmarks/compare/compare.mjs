// Peer comparison: runs iamsim's SimulateCustomPolicy workloads
// (../testdata/simulate-*.json) through @cloud-copilot/iam-simulate, checks
// its decisions against the expected ones, times it, and prints a table
// beside iamsim's figures from `go test -bench SimulateCustomPolicy`.
//
// Usage: node compare.mjs TESTDATA_DIR GO_BENCH_OUTPUT [RATIOS_FILE]
//        node compare.mjs --summary RATIOS_FILE
// (run.sh does both steps in one run, or in ROUNDS interleaved rounds).
// With RATIOS_FILE, the round's figures are appended to it as one JSON line;
// --summary prints the median, lowest and highest of every figure over the
// lines of that file.
//
// iam-simulate decides one request (action, resource) per runSimulation
// call, so a workload of A actions × R resources is A×R calls. It keeps no
// cache of policies. Its runSimulation accepts ValidatedPolicy objects that
// let it skip re-validating a document, so:
//   - cold: per simulation (one API call's worth of work), JSON.parse each
//     document text (with the Sid changed, as the Go benchmark does) and
//     validate it once, then run every action × resource;
//   - warm: the documents are parsed and validated once, outside the timed
//     loop, and reused, the closest this package comes to iamsim's cache
//     of parsed documents.

import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { createValidatedPolicy, validateIdentityPolicy } from '@cloud-copilot/iam-policy'

const [testdata, goOutput, ratiosFile] = process.argv.slice(2)
if (!testdata || !goOutput) {
  console.error('usage: node compare.mjs TESTDATA_DIR GO_BENCH_OUTPUT [RATIOS_FILE] | --summary RATIOS_FILE')
  process.exit(2)
}
if (testdata === '--summary') {
  summarize(goOutput)
  process.exit(0)
}

const decisions = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny'
}

function load(name) {
  const w = JSON.parse(readFileSync(join(testdata, `simulate-${name}.json`), 'utf8'))
  const input = w.Input
  const context = {}
  for (const e of input.ContextEntries ?? []) {
    // List types take every value; scalar types exactly one.
    context[e.ContextKeyName] = e.ContextKeyType.endsWith('List') ? e.ContextKeyValues : e.ContextKeyValues[0]
  }
  const caller = input.CallerArn
  const account = caller.split(':')[4]
  const pairs = []
  for (const action of input.ActionNames) {
    for (const resource of input.ResourceArns ?? ['*']) {
      pairs.push({ action, resource })
    }
  }
  if (pairs.length !== w.Expected.length) {
    throw new Error(`${name}: ${pairs.length} pairs, ${w.Expected.length} expected decisions`)
  }
  return { ...w, context, caller, account, pairs }
}

let counter = 0

// prepare parses and validates the workload's documents, as one
// SimulateCustomPolicy call must; with fresh, each text gets a new Sid first.
function prepare(w, fresh) {
  return w.Input.PolicyInputList.map((text, i) => {
    if (fresh) {
      counter++
      text = text.replace(w.ColdMarker, w.ColdMarker.slice(0, -8) + String(counter % 1e8).padStart(8, '0'))
    }
    return {
      name: `PolicyInputList.${i + 1}`,
      policy: createValidatedPolicy(JSON.parse(text), validateIdentityPolicy, { name: `PolicyInputList.${i + 1}` })
    }
  })
}

// simulate runs every action × resource and checks each decision.
async function simulate(w, identityPolicies) {
  for (let i = 0; i < w.pairs.length; i++) {
    const { action, resource } = w.pairs[i]
    const r = await runSimulation(
      {
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: {
          principal: w.caller,
          action,
          resource: { resource, accountId: w.account },
          contextVariables: w.context
        }
      },
      {}
    )
    if (r.resultType === 'error') {
      throw new Error(`${w.Name}: ${action} on ${resource}: ${JSON.stringify(r.errors)}`)
    }
    const got = decisions[r.overallResult]
    if (got !== w.Expected[i]) {
      throw new Error(`${w.Name}: ${action} on ${resource}: ${r.overallResult}, want ${w.Expected[i]}`)
    }
    if (r.result?.ignoredContextKeys?.length) {
      throw new Error(`${w.Name}: ${action} on ${resource}: context keys ignored: ${r.result.ignoredContextKeys}`)
    }
  }
}

// measure runs fn for warmup iterations, then until minMs have passed and
// at least minIters have run; it returns wall and CPU (user + system, all
// threads) nanoseconds per iteration.
async function measure(fn, { warmup, minMs, minIters }) {
  for (let i = 0; i < warmup; i++) await fn()
  const t0 = process.hrtime.bigint()
  const c0 = process.cpuUsage()
  let n = 0
  while (n < minIters || Number(process.hrtime.bigint() - t0) < minMs * 1e6) {
    await fn()
    n++
  }
  const wall = Number(process.hrtime.bigint() - t0) / n
  const c = process.cpuUsage(c0)
  return { wall, cpu: ((c.user + c.system) * 1000) / n, n }
}

function parseGo(text) {
  const out = {}
  for (const line of text.split('\n')) {
    const m = line.match(/^BenchmarkSimulateCustomPolicy\/(\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$/)
    if (!m) continue
    const r = { n: Number(m[2]) }
    for (const [, v, unit] of m[3].matchAll(/([\d.]+) (\S+)/g)) r[unit] = Number(v)
    out[m[1]] = r
  }
  return out
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

// summarize prints, for each workload, the median (lowest–highest) of each
// figure over the rounds recorded in file, one JSON line per round.
function summarize(file) {
  const rounds = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  if (rounds.length === 0) throw new Error(`${file}: no rounds`)
  const figures = [
    ['iamsim ns/op', 'iamsimWall', fmt],
    ['iam-simulate ns/op', 'peerWall', fmt],
    ['ratio (wall)', 'ratioWall', (x) => `${x.toFixed(0)}×`],
    ['ratio (cpu)', 'ratioCPU', (x) => `${x.toFixed(0)}×`]
  ]
  console.log()
  console.log(`over ${rounds.length} interleaved rounds: median (lowest–highest)`)
  for (const w of rounds[0].map((r) => r.workload)) {
    const rows = rounds.map((rs) => rs.find((r) => r.workload === w)).filter(Boolean)
    const cells = figures.map(([label, key, f]) => {
      const xs = rows.map((r) => r[key]).filter(Number.isFinite)
      if (xs.length === 0) return `${label} n/a`
      return `${label} ${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`
    })
    console.log(`${w.padEnd(16)} ${cells.join('; ')}`)
  }
}

function fmt(ns) {
  if (!Number.isFinite(ns)) return 'n/a'
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`
  return `${ns.toFixed(0)} ns`
}

const go = parseGo(readFileSync(goOutput, 'utf8'))
const w1 = load('1x1')
const w10 = load('10x50x20')

const cases = [
  { name: '1x1', goName: '1x1', w: w1, cold: false, opts: { warmup: 300, minMs: 2000, minIters: 200 } },
  { name: '1x1-cold', goName: '1x1-cold', w: w1, cold: true, opts: { warmup: 300, minMs: 2000, minIters: 200 } },
  { name: '10x50x20 (cold)', goName: '10x50x20', w: w10, cold: true, opts: { warmup: 2, minMs: 3000, minIters: 3 } },
  { name: '10x50x20-warm', goName: '10x50x20-warm', w: w10, cold: false, opts: { warmup: 2, minMs: 3000, minIters: 3 } }
]

const rows = []
for (const c of cases) {
  const warm = prepare(c.w, false)
  const fn = c.cold ? () => simulate(c.w, prepare(c.w, true)) : () => simulate(c.w, warm)
  await fn() // checks the decisions once before timing
  const peer = await measure(fn, c.opts)
  const g = go[c.goName] ?? {}
  rows.push({
    workload: c.name,
    results: c.w.pairs.length,
    iamsimWall: g['ns/op'],
    iamsimCPU: g['cpu-ns/op'],
    peerWall: peer.wall,
    peerCPU: peer.cpu,
    peerIters: peer.n,
    ratioWall: g['ns/op'] ? peer.wall / g['ns/op'] : NaN,
    ratioCPU: g['cpu-ns/op'] ? peer.cpu / g['cpu-ns/op'] : NaN
  })
}
if (ratiosFile) appendFileSync(ratiosFile, JSON.stringify(rows) + '\n')

const header = ['workload', 'results', 'iamsim ns/op', 'iamsim cpu', 'iam-simulate ns/op', 'iam-simulate cpu', 'ratio (wall)', 'ratio (cpu)']
const table = rows.map((r) => [
  r.workload,
  String(r.results),
  fmt(r.iamsimWall),
  fmt(r.iamsimCPU),
  fmt(r.peerWall),
  fmt(r.peerCPU),
  r.iamsimWall ? `${(r.peerWall / r.iamsimWall).toFixed(1)}×` : 'n/a',
  r.iamsimCPU ? `${(r.peerCPU / r.iamsimCPU).toFixed(1)}×` : 'n/a'
])
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)))
const line = (cells) => '| ' + cells.map((s, i) => s.padEnd(widths[i])).join(' | ') + ' |'
console.log()
console.log(`iamsim vs @cloud-copilot/iam-simulate ${JSON.parse(readFileSync(new URL('./node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url))).version} (Node ${process.version}); every decision checked on both sides`)
console.log(line(header))
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|')
for (const t of table) console.log(line(t))
console.log('ratio = iam-simulate time / iamsim time (higher: iamsim faster); cpu = process CPU time per op, which a loaded machine inflates less than wall time.')
console.log('iam-simulate has no policy cache: "warm" reuses its ValidatedPolicy objects; "cold" parses and validates the documents once per simulation.')
