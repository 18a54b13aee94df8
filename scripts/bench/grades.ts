// How long a durable grade save takes, next to the floor of the disk (write + fsync of a 1 KB
// file) and to the naive layout (one conf/electron-store file holding every grade, rewritten on
// each save). Each figure is the p95 of SAVES saves on a task already holding CALLS grades.
import Conf from 'conf'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { INTENT_LEVELS } from '../../shared/enums'
import type { Grade } from '../../shared/ipc/contract'
import { createReviewStore, taskDirName } from '../../electron/main/services/review/review-store'
import { encodeLine } from '../../electron/main/services/review/checksum-line'
import { ensureDirDurable, writeFileDurable } from '../../electron/main/services/storage/durable-fs'
import { p95, round, type BenchFigure } from './figures'

const SAVES = 200
const CALLS = 5000
const JOB_ID = 42
const WARM_UP = 5




function grade(callRecordId: number, i: number): Grade {
  return {
    robotCallJobId: JOB_ID,
    callRecordId,
    realIntentLevel: INTENT_LEVELS[i % INTENT_LEVELS.length] ?? 'A',
    note: `客户表示下周再联系，需要发送资料 #${i}`,
    reviewer: '李雷',
    updatedAt: new Date(1_714_550_400_000 + i * 1000).toISOString(),
    history: [],
  }
}

async function timeEach(count: number, work: (i: number) => Promise<void> | void): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await work(i)
    samples.push(performance.now() - started)
  }
  return samples
}

async function writeFloorFile(path: string, block: Buffer): Promise<void> {
  const handle = await open(path, 'w')
  await handle.write(block)
  await handle.sync()
  await handle.close()
}

// The floor and the store are sampled in turns, so a busy moment of the disk weighs on both.
async function durableSavesAndFloor(dir: string): Promise<{ saves: number[]; floor: number[]; appendFloor: number[]; openMs: number }> {
  // A task of CALLS graded calls, laid down as the store's own snapshot to skip 5,000 fsyncs.
  const taskDir = join(dir, taskDirName(JOB_ID))
  await ensureDirDurable(taskDir)
  const grades = Array.from({ length: CALLS }, (_, i) => grade(i + 1, i))
  await writeFileDurable(
    join(taskDir, 'snapshot-1.json'),
    encodeLine({ v: 1, jobId: JOB_ID, gen: 1, seq: 0, grades, readIds: [] }),
  )
  const store = createReviewStore({ dir })
  const opened = performance.now()
  await store.state(JOB_ID)
  const openMs = performance.now() - opened
  const save = (i: number) =>
    store.saveGrade(
      { robotCallJobId: JOB_ID, callRecordId: 1 + ((i * 37) % CALLS), realIntentLevel: 'B', note: `复核备注 ${i}` },
      '韩梅梅',
    )
  const block = Buffer.alloc(1024, 'x')
  const floorPath = join(dir, 'floor.bin')
  // Warm-up: the journal's first open and the first fsyncs are not what a reviewer waits for.
  for (let i = 0; i < WARM_UP; i++) {
    await save(SAVES + i)
    await writeFloorFile(floorPath, block)
  }
  // The tightest floor as well: 1 KB appended to a file already open, then fdatasync.
  const appendFile = await open(join(dir, 'append-floor.bin'), 'a')
  const saves: number[] = []
  const floor: number[] = []
  const appendFloor: number[] = []
  for (let i = 0; i < SAVES; i++) {
    saves.push(...(await timeEach(1, () => save(i).then(() => {}))))
    floor.push(...(await timeEach(1, () => writeFloorFile(floorPath, block))))
    appendFloor.push(...(await timeEach(1, () => appendFile.write(block).then(() => appendFile.datasync()))))
  }
  await appendFile.close()
  await store.close()
  return { saves, floor, appendFloor, openMs }
}

function naiveConfSaves(dir: string): Promise<number[]> {
  const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'review-all', projectName: 'bench' })
  conf.set('annotations', Object.fromEntries(Array.from({ length: CALLS }, (_, i) => [String(i + 1), grade(i + 1, i)])))
  return timeEach(SAVES, (i) => {
    const callRecordId = 1 + ((i * 37) % CALLS)
    conf.set(`annotations.${callRecordId}`, { ...grade(callRecordId, i), realIntentLevel: 'B' })
  })
}

export async function benchGrades(): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-grades-'))
  try {
    const durable = await durableSavesAndFloor(join(dir, 'store'))
    const save = p95(durable.saves)
    const floor = p95(durable.floor)
    const naive = p95(await naiveConfSaves(join(dir, 'conf')))
    return [
      { name: 'grade_save_p95_ms', value: round(save), unit: 'ms' },
      { name: 'fsync_floor_p95_ms', value: round(floor), unit: 'ms' },
      { name: 'grade_save_naive_conf_p95_ms', value: round(naive), unit: 'ms' },
      { name: 'grade_save_vs_floor_ratio', value: round(save / floor), unit: 'x' },
      { name: 'fsync_append_floor_p95_ms', value: round(p95(durable.appendFloor)), unit: 'ms' },
      { name: 'grade_task_open_5000_ms', value: round(durable.openMs), unit: 'ms' },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
