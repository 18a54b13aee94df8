// Every development set at once, as recorded and with every customer track withheld, two
// processes at a time: `npx tsx scripts/bench/alignment-dev-all.ts [--fresh]`. The tuning sets are
// the line sets of seeds 7, 11 and 13, the clean set of seed 7 and the simulator's calls; --fresh
// adds the line sets of seeds 17, 19, 23, 29, 31, 37, 41 and 43 and the clean sets of seeds 11 to
// 31, to check a rule against (23, 29, 37 and 43 never read for misses; 17, 19, 31 and 41 were,
// README). A set not there yet is made first (a line set in about two minutes, a clean one in
// under half a minute). Per set: turns starting within 300 ms,
// midpoints inside the true turn, and the customer's midpoints (scripts/bench/alignment-dev.ts).
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { ensureHeldoutSet } from '../make-heldout-set'

interface DevSet {
  label: string
  args: string[]
  make?: { set: 'line' | 'clean'; dir: string; seed: number }
}

/** The development set of `set`'s kind made from `seed`, in `.cache/dev-<set>-<seed>`. */
const devSet = (set: 'line' | 'clean') => (seed: number): DevSet => {
  const dir = `.cache/dev-${set}-${seed}`
  return { label: `${set} ${seed}`, args: ['--set', set, '--dir', dir, '--seed', String(seed)], make: { set, dir, seed } }
}
const line = devSet('line')
const clean = devSet('clean')
const TUNING: DevSet[] = [line(7), line(11), line(13), clean(7), { label: 'simulator', args: ['--sim'] }]
const FRESH: DevSet[] = [...[17, 19, 23, 29, 31, 37, 41, 43].map(line), ...[11, 13, 17, 19, 23, 29, 31].map(clean)]

/** alignment-dev.ts's "all" and "person" rows: [within 300 ms, midpoint inside, the customer's midpoint inside]. */
function figures(out: string): string[] {
  const row = (label: string) => out.split('\n').find((l) => l.startsWith(`${label} `))?.trim().split(/\s+/) ?? []
  const all = row('all')
  const person = row('person')
  // "all  104  14 ms  91.7 %  98.3 %": within at 4, midpoint at 6.
  return [all[4] ?? '?', all[6] ?? '?', person[6] ?? '?']
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/alignment-dev.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`alignment-dev ${args.join(' ')} exited ${code}`))))
  })
}

async function main() {
  const sets = [...TUNING, ...(process.argv.includes('--fresh') ? FRESH : [])]
  // Made one by one before any run reads them.
  for (const s of sets) if (s.make) await ensureHeldoutSet(s.make)
  const jobs = sets.flatMap((s) => [{ s, oneTrack: false }, { s, oneTrack: true }])
  const results = new Map<string, string[]>()
  let next = 0
  const worker = async () => {
    for (let j = next++; j < jobs.length; j = next++) {
      const { s, oneTrack } = jobs[j] as (typeof jobs)[number]
      results.set(`${s.label}/${oneTrack}`, figures(await run(oneTrack ? [...s.args, '--one-track'] : s.args)))
    }
  }
  await Promise.all(Array.from({ length: Math.min(2, cpus().length) }, worker))
  const heads = ['within', 'mid', 'cust mid'].map((h) => h.padStart(8)).join(' ')
  console.log('as recorded | one track (every customer track withheld)')
  console.log(`${'set'.padEnd(12)} ${heads}   | ${heads}`)
  for (const s of sets) {
    const [a, b] = [results.get(`${s.label}/false`) ?? [], results.get(`${s.label}/true`) ?? []]
    console.log(`${s.label.padEnd(12)} ${a.map((v) => v.padStart(8)).join(' ')} % | ${b.map((v) => v.padStart(8)).join(' ')} %`)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error))
  process.exit(1)
})
