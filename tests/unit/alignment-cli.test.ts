// scripts/align.ts end to end: a good run prints the JSON array; bad input exits 1 with one line.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startSimulator } from '../../scripts/lib/simulator'
import type { Id } from '../../shared/ids'
import { shiftedTrack } from '../../electron/main/services/alignment/customer-track'
import { decodeTrack } from '../../electron/main/services/alignment/wav-input'
import { sidesAsChannels, trackWav } from '../../scripts/bench/track-wav'
import { explanation } from '../../scripts/lib/explain-alignment'

const run = promisify(execFile)
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx')
const SCRIPT = join(process.cwd(), 'scripts', 'align.ts')
let dir: string
let ids: Id[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'align-cli-'))
  const sim = await startSimulator({ port: 0, seed: 1 })
  try {
    const call = sim.dataset.calls.find((c) => c.callDetailList.length >= 3 && c.customerAudioUrl && c.fullAudioUrl?.endsWith('/ai_user.wav'))
    if (!call) throw new Error('no answered call')
    ids = call.callDetailList.map((d) => d.callDetailId)
    writeFileSync(join(dir, 'full.wav'), new Uint8Array(await (await fetch(call.fullAudioUrl as string)).arrayBuffer()))
    const user = new Uint8Array(await (await fetch(call.customerAudioUrl as string)).arrayBuffer())
    writeFileSync(join(dir, 'user.wav'), user)
    // The customer's track 30 ms late, as a second recorder out of step would leave it.
    const track = decodeTrack(user, 'customer')
    const late = shiftedTrack(track, 240)
    writeFileSync(join(dir, 'user-late.wav'), trackWav(late))
    // One stereo recording, the robot's side on the left and the customer's on the right.
    const fullBytes = new Uint8Array(await (await fetch(call.fullAudioUrl as string)).arrayBuffer())
    writeFileSync(join(dir, 'stereo.wav'), sidesAsChannels(fullBytes, user))
    // ...and the other way round: the left channel, tried first, is the customer's.
    writeFileSync(join(dir, 'stereo-left.wav'), sidesAsChannels(fullBytes, user, true))
    const envelope = { code: 200, data: { callRecordId: call.callRecordId, callDetailList: call.callDetailList }, requestId: 'x', resultMsg: '执行成功', errorStackTrace: null }
    writeFileSync(join(dir, 'detail.json'), JSON.stringify(envelope))
    writeFileSync(join(dir, 'data.json'), JSON.stringify(envelope.data))
    writeFileSync(join(dir, 'broken.json'), '{"code":200,')
  } finally {
    await sim.close()
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function align(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, ...args], { cwd: dir })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

it('prints the turns as a JSON array in transcript order', async () => {
  const { code, stdout } = await align(['--full', 'full.wav', '--customer', 'user.wav', '--transcript', 'detail.json'])
  expect(code).toBe(0)
  const turns = JSON.parse(stdout) as { callDetailId: number; start: number; end: number }[]
  expect(turns.map((t) => t.callDetailId)).toEqual(ids)
  for (const t of turns) {
    expect(Object.keys(t)).toEqual(['callDetailId', 'start', 'end'])
    expect(t.end).toBeGreaterThanOrEqual(t.start)
  }
})

it('exits 1 with one line on stderr for bad input', async () => {
  const cases = [
    [['--full', 'detail.json', '--transcript', 'data.json'], /not a RIFF\/WAVE file/],
    [['--full', 'full.wav', '--transcript', 'broken.json', '--verbose'], /unknown argument "--verbose"/],
  ] as const
  const results = await Promise.all(cases.map(([args]) => align([...args])))
  results.forEach((result, i) => {
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(cases[i]?.[1] as RegExp)
  })
})

it('says with --explain how the call was aligned and what was made of its customer track', async () => {
  const cases = [
    [['--customer', 'user.wav'], /^aligned two-track; customer track 8000 Hz, in step, used$/],
    [['--customer', 'user-late.wav'], /^aligned two-track; customer track 8000 Hz, 240 samples \(30\.0 ms\) earlier in the full track, laid there, used$/],
    [['--customer', 'full.wav'], /^aligned full-track; customer track 8000 Hz, in step, not used: it holds the whole call, robot too; its lines fit the voices \(0\.\d\d per line\)$/],
    [[], /^aligned full-track; no customer track given; its lines fit the voices \(0\.\d\d per line\)$/],
    [['--full', 'user.wav', '--customer', 'full.wav'], /^aligned two-track; the two recordings given the other way round, swapped back; customer track 8000 Hz, in step, used$/],
    [['--full', 'stereo.wav'], /^aligned two-track; no customer track given: the full recording's right channel is the customer's side \(each side on its own channel\)$/],
    [['--full', 'stereo-left.wav'], /^aligned two-track; no customer track given: the full recording's left channel is the customer's side \(each side on its own channel; the first channel tried was sure, the other not placed\)$/],
  ] as const
  const results = await Promise.all(cases.map(([args]) => align([...(args[0] === '--full' ? [] : ['--full', 'full.wav']), ...args, '--transcript', 'detail.json', '--explain'])))
  results.forEach((result, i) => {
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toHaveLength(ids.length)
    expect(result.stderr.trimEnd()).toMatch(cases[i]?.[1] as RegExp)
  })
})

it('says with --explain how far a drifting customer track\'s clock ran off', () => {
  // The simulated call above cancels in too few windows for a drift to be followed (customer-track.test.ts follows one).
  const note = { recordedHz: 8000, fullHz: 8000, swapped: false, offsetSamples: -3, driftPpm: -49.96, use: 'used' as const }
  expect(explanation('two-track', note)).toBe('aligned two-track; customer track 8000 Hz, 3 samples (0.4 ms) earlier in the full track, laid there; its clock 50.0 ppm slow, drawn back into step, used')
})

it('says with --explain how a call on the full track alone fitted its voices, and what was done where it did not', () => {
  const rounds = { costPerLine: 2.414, startedAgain: true, kept: 1.1, keptCostPerLine: 0.853, doubted: false }
  expect(explanation('full-track', undefined, rounds)).toBe('aligned full-track; no customer track given; its lines did not fit the voices (2.41 per line): started again at ×0.9 and ×1.1, the start at ×1.1 kept (0.85 per line)')
  expect(explanation('full-track', undefined, { ...rounds, kept: 'taught again' })).toContain('the cheapest taught again and kept (0.85 per line)')
  expect(explanation('full-track', undefined, { ...rounds, kept: 'first', keptCostPerLine: 2.414, doubted: true })).toBe(
    'aligned full-track; no customer track given; its lines did not fit the voices (2.41 per line): started again at ×0.9 and ×1.1, the first rounds kept (2.41 per line); still not fitting: every turn shown as uncertain',
  )
  // A call too long to start again.
  expect(explanation('full-track', undefined, { costPerLine: 1.5, startedAgain: false, kept: 'first', keptCostPerLine: 1.5, doubted: false })).toBe(
    'aligned full-track; no customer track given; its lines did not fit the voices (1.50 per line), not started again (a call over 90 s)',
  )
})
