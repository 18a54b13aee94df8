// Benchmarks: one `name: value unit` line per figure on stdout; notes (skipped sets) on stderr.
//   npx tsx scripts/bench.ts
import { runAlignmentBench } from './bench/alignment-bench'
import { benchGrades } from './bench/grades'
import { benchCache } from './bench/cache'

const emit = (name: string, value: number | string, unit = '') => console.log(`${name}: ${value}${unit ? ` ${unit}` : ''}`)
const note = (line: string) => console.error(`note: ${line}`)

async function main() {
  const t0 = performance.now()
  await runAlignmentBench(emit, note)
  for (const figure of await benchGrades()) emit(figure.name, figure.value, figure.unit)
  for (const figure of await benchCache(note)) emit(figure.name, figure.value, figure.unit)
  emit('bench_wall_sec', ((performance.now() - t0) / 1000).toFixed(1), 's')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
