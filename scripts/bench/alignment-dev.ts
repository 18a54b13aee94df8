// Alignment figures per condition on a development set, for tuning without touching the held-out
// sets: `npx tsx scripts/bench/alignment-dev.ts [--set line|clean] [--dir .cache/dev-line] [--seed 7] [--calls N]
// [--show line-004] [--one-track] [--two-track] [--only babble] [--worst] [--sim] [--call NAME] [--time [--one-track]]`. --show prints one call's turns
// against the truth; --sim scores the simulator's calls instead.
import { writeFileSync } from 'node:fs'
import { LINE_CONDITIONS } from '../heldout/line-conditions'
import { combine, scoreCase, sharePct } from './alignment-metrics'
import { scoreCases, trustOf } from './alignment-bench'
import { loadHeldoutCases } from './heldout-cases'
import { loadSimCases } from './sim-cases'
import { threeMinuteCall } from './long-call'
import { alignCall } from '../../electron/main/services/alignment'
import { parseFlags } from '../lib/args'

const { flags } = parseFlags(process.argv.slice(2), ['set', 'dir', 'seed', 'calls', 'show', 'only', 'call', 'per-call'], ['one-track', 'two-track', 'worst', 'sim', 'time', 'misses'])
const has = (name: string) => flags[name] === 'true'

/** Median compute of a 3-minute two-track call (the bench's), 20 runs after a warm-up. */
async function timeThreeMinutes(): Promise<void> {
  const made = threeMinuteCall(await loadSimCases(1, 120, 3))
  const long = has('one-track') ? { ...made, customer: null } : made
  alignCall(long)
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    alignCall(long)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  console.log(`3-minute call: p50 ${(times[10] as number).toFixed(1)} ms, min ${(times[0] as number).toFixed(1)} ms`)
}

async function main() {
  if (has('time')) return timeThreeMinutes()
  const dir = flags.dir ?? '.cache/dev-line'
  const seed = Number(flags.seed ?? 7)
  const calls = flags.calls === undefined ? undefined : Number(flags.calls)
  const loaded = has('sim')
    ? [...(await loadSimCases(1, 120, 3)), ...(await loadSimCases(2, 120, 3))]
    : await loadHeldoutCases({ set: flags.set === 'clean' ? 'clean' : 'line', dir, seed, calls })
  if (typeof loaded === 'string') throw new Error(loaded)
  const only = flags.only
  let cases = only ? loaded.filter((c) => c.conditions?.includes(only as never)) : loaded
  const call = flags.call
  if (call) cases = cases.filter((c) => c.name === call)
  if (has('one-track')) cases = cases.map((c) => ({ ...c, customer: null }))
  // Only the calls that have a customer track.
  if (has('two-track')) cases = cases.filter((c) => c.customer)
  const t0 = performance.now()
  const scored = scoreCases(cases)
  const ms = performance.now() - t0
  const row = (label: string, s: ReturnType<typeof combine>, n: number) =>
    console.log(`${label.padEnd(14)} ${String(n).padStart(4)} ${String(Math.round(s.medianStartErrorMs)).padStart(6)} ms ${s.within300msPct.toFixed(1).padStart(6)} % ${s.midpointInsidePct.toFixed(1).padStart(6)} %`)
  row('all', combine(scored.map((s) => s.engine)), scored.length)
  for (const condition of LINE_CONDITIONS) {
    const carrying = scored.filter((s) => s.c.conditions?.includes(condition))
    if (carrying.length) row(condition, combine(carrying.map((s) => s.engine)), carrying.length)
  }
  for (const type of ['ROBOT', 'PERSON']) {
    const only = scored.map((x) => scoreCase(x.result.turns, x.c.truth.filter((t, i) => x.c.utterances[i]?.type === type)))
    row(type.toLowerCase(), combine(only), scored.length)
  }
  // The calls with a customer track, and their customer turns: what the two-track path gets.
  const twoTrack = scored.filter((x) => x.result.method === 'two-track')
  row('two-track', combine(twoTrack.map((s) => s.engine)), twoTrack.length)
  const twoTrackPerson = twoTrack.map((x) => scoreCase(x.result.turns, x.c.truth.filter((t, i) => x.c.utterances[i]?.type === 'PERSON')))
  row('  its person', combine(twoTrackPerson), twoTrack.length)
  row('merged turns', combine(scored.map((s) => s.merged)), scored.length)
  console.log(`compute ${ms.toFixed(0)} ms for ${scored.length} calls`)
  if (has('worst')) {
    const ranked = scored.map((s) => ({ name: s.c.name, cond: s.c.conditions?.join(','), mid: combine([s.engine]) })).sort((a, b) => a.mid.midpointInsidePct - b.mid.midpointInsidePct)
    for (const r of ranked.slice(0, 25)) console.log(`${r.name} ${r.mid.midpointInsidePct.toFixed(0)}% ${Math.round(r.mid.medianStartErrorMs)}ms ${r.cond}`)
  }
  // What the dashed lines tell: how often a turn shown as sure (or uncertain) starts within 300 ms.
  for (const method of ['two-track', 'full-track']) {
    const t = trustOf(scored.filter((x) => x.result.method === method))
    console.log(`trust ${method.padEnd(10)} sure ${t.sure} turns, ${sharePct(t.sureWithin, t.sure)} % within 300 ms; uncertain ${sharePct(t.uncertain, t.sure + t.uncertain)} % of turns, ${sharePct(t.uncertainWithin, t.uncertain)} % within`)
  }
  const perCall = flags['per-call']
  if (perCall) {
    // Each call's turns within 300 ms, with their midpoint inside, and spoken (the count), to compare two versions of the engine.
    const rows = scored.map((x) => {
      const s = combine([x.engine])
      return `${x.c.name} ${Math.round((s.within300msPct * s.turns) / 100)} ${Math.round((s.midpointInsidePct * s.turns) / 100)} ${s.turns} ${x.c.conditions?.join(',') ?? ''}`
    })
    writeFileSync(perCall, rows.join('\n') + '\n')
  }
  if (has('misses')) {
    // Every turn starting more than 300 ms off or with its midpoint outside its true span (MID), with its call's conditions.
    for (const x of scored) {
      x.c.truth.forEach((t, i) => {
        const p = x.result.turns[i]
        const u = x.c.utterances[i]
        if (!p || !u || (t.kind ?? 'spoken') !== 'spoken') return
        const mid = (p.start + p.end) / 2
        const outside = mid < t.start || mid > t.end
        if (Math.abs(p.start - t.start) <= 0.3 && !outside) return
        console.log(`${x.c.name} ${x.result.method} ${u.type.padEnd(6)} ${t.start.toFixed(2)} got ${p.start.toFixed(2)} (${(p.start - t.start).toFixed(2)}) c=${p.confidence}${outside ? ' MID' : ''} ${x.c.conditions?.join(',')}`)
      })
    }
  }
  const show = flags.show
  for (const s of scored.filter((x) => x.c.name === show)) {
    console.log(s.c.name, s.c.conditions?.join(','), s.result.method)
    s.c.truth.forEach((t, i) => {
      const p = s.result.turns[i]
      const u = s.c.utterances[i]
      console.log(`${u?.type.padEnd(6)} truth ${t.start.toFixed(2).padStart(7)}-${t.end.toFixed(2).padStart(7)} got ${p?.start.toFixed(2).padStart(7)}-${p?.end.toFixed(2).padStart(7)} c=${p?.confidence ?? ''} ${t.kind ?? ''} ${u?.text}`)
    })
    for (const r of s.result.regions) console.log(`  region ${r.speaker} ${r.start.toFixed(2)}-${r.end.toFixed(2)}`)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error))
  process.exit(1)
})
