// Why a line went where it went: every run the placement priced for one line of one development
// call, cheapest first, by part, beside the truth and what the engine chose, with the skip prices of
// the regions near the line:
// `npx tsx scripts/bench/alignment-explain.ts --dir .cache/dev-line-23 --seed 23 --call line-060 --line 1 [--one-track] [--top 12]`.
// Each placement (two per call on two tracks, more on a full track alone) is listed apart; a run's
// total is the cost of the state it starts from plus its parts, not what the rest of the call then
// pays (a cheap run that leaves a dear region to skip after it can still lose). Development sets only.
import { alignCall } from '../../electron/main/services/alignment'
import type { RunPrice } from '../../electron/main/services/alignment/sequence-alignment'
import type { Region } from '../../electron/main/services/alignment/speech-regions'
import { loadHeldoutCases } from './heldout-cases'
import { parseFlags } from '../lib/args'

interface Placement {
  skips: [Float64Array, Float64Array]
  runs: RunPrice[]
}

const total = (p: RunPrice) => p.before + Object.values(p.parts).reduce((sum, v) => sum + v, 0)
const f2 = (v: number) => v.toFixed(2)

async function main() {
  const { flags } = parseFlags(process.argv.slice(2), ['dir', 'seed', 'call', 'line', 'top'], ['one-track'])
  const seed = Number(flags.seed ?? 7)
  const line = Number(flags.line ?? 0)
  const top = Number(flags.top ?? 12)
  const all = await loadHeldoutCases({ set: 'line', dir: flags.dir ?? `.cache/dev-line-${seed}`, seed })
  if (typeof all === 'string') throw new Error(all)
  const c = all.find((x) => x.name === flags.call)
  if (!c) throw new Error(`no call ${flags.call}`)
  const placements: Placement[] = []
  let regions: Region[] = []
  const customer = flags['one-track'] === 'true' ? null : c.customer
  const result = alignCall(
    { full: c.full, customer, utterances: c.utterances },
    {
      regions: (found) => (regions = found),
      placement: {
        skips: (prices) => placements.push({ skips: [prices[0].slice(), prices[1].slice()], runs: [] }),
        run: (price) => {
          if (price.first <= line && line < price.first + price.count) placements.at(-1)?.runs.push(price)
        },
      },
    },
  )
  const truth = c.truth[line]
  const turn = result.turns[line]
  const u = c.utterances[line]
  if (!truth || !turn || !u) throw new Error(`no line ${line}`)
  console.log(`${c.name} line ${line} ${u.type} ${u.text}`)
  console.log(`truth ${f2(truth.start)}-${f2(truth.end)} (${truth.kind ?? 'spoken'}), placed ${f2(turn.start)}-${f2(turn.end)} c=${turn.confidence}`)
  // A full track alone is placed on the voices' streams after the first placement: their regions are not these.
  const streams: [Region[], Region[]] = [regions.filter((r) => r.stream === 0).sort((a, b) => a.start - b.start), regions.filter((r) => r.stream === 1).sort((a, b) => a.start - b.start)]
  const near = (r: Region) => r.end > truth.start - 3 && r.start < truth.end + 3
  placements.forEach((p, n) => {
    console.log(`placement ${n + 1}`)
    if (n === 0) {
      for (const s of [0, 1] as const) {
        const list = streams[s].flatMap((r, k) => (near(r) ? [`${f2(r.start)}-${f2(r.end)}:${f2(p.skips[s][k] as number)}`] : []))
        if (list.length) console.log(`  skip prices, stream ${s}: ${list.join(' ')}`)
      }
    }
    for (const price of [...p.runs].sort((a, b) => total(a) - total(b)).slice(0, top)) {
      // On two tracks every placement is on the same regions; on a full track alone only the first.
      const list = customer || n === 0 ? streams[price.stream] : null
      const span = list ? `${f2((list[price.from] as Region).start)}-${f2((list[price.to - 1] as Region).end)}` : `regions ${price.from}..${price.to - 1}`
      const parts = Object.entries(price.parts).filter(([, v]) => v !== 0).map(([k, v]) => `${k} ${f2(v)}`).join(', ')
      console.log(`  ${f2(total(price)).padStart(7)}  lines ${price.first}+${price.count} on ${price.stream} ${span}  from ${f2(price.before)}${parts ? `; ${parts}` : ''}`)
    }
  })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error))
  process.exit(1)
})
