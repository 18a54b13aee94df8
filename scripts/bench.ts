// Benchmarks: one `name: value unit` line per figure on stdout; notes (skipped sets) on stderr.
//   npx tsx scripts/bench.ts [alignment|alignment-speed|grades|cache|team ...]   (all when none is named;
//   alignment includes alignment-speed)
import { runAlignmentBench } from './bench/alignment-bench'
import { benchAlignmentSpeed } from './bench/alignment-speed'
import { loadSimCases } from './bench/sim-cases'
import { benchGrades } from './bench/grades'
import { benchCache } from './bench/cache'
import { benchTeam } from './bench/team'

const emit = (name: string, value: number | string, unit = '') => console.log(`${name}: ${value}${unit ? ` ${unit}` : ''}`)
const note = (line: string) => console.error(`note: ${line}`)
const PARTS = ['alignment', 'alignment-speed', 'grades', 'cache', 'team']

async function main() {
  const asked = process.argv.slice(2)
  const unknown = asked.filter((a) => !PARTS.includes(a))
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`)
  const runs = (part: string) => asked.length === 0 || asked.includes(part)
  const t0 = performance.now()
  if (runs('alignment')) await runAlignmentBench(emit, note)
  // Speed alone: the same 3-minute call the alignment part times, without the accuracy sets.
  else if (asked.includes('alignment-speed')) await benchAlignmentSpeed(emit, await loadSimCases(1, 120, 3))
  if (runs('grades')) for (const figure of await benchGrades()) emit(figure.name, figure.value, figure.unit)
  if (runs('cache')) for (const figure of await benchCache(note)) emit(figure.name, figure.value, figure.unit)
  if (runs('team')) for (const figure of await benchTeam()) emit(figure.name, figure.value, figure.unit)
  emit('bench_wall_sec', ((performance.now() - t0) / 1000).toFixed(1), 's')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
