// The simulator as the tests, benchmarks and command lines start it: the app's demo server, on
// the repository's voice bank, with failures that a test can arm (sim-faults.ts). Never shipped.
import { startSimulator as startDemoSimulator, type RunningSimulator, type SimulatorOptions } from '../../electron/simulator'
import { FaultBook, interceptWithFaults, type FaultRule } from './sim-faults'
import { findVoiceDir } from './voice-dir'

export type { FaultKind, FaultRule, FaultTarget } from './sim-faults'
export { DEMO_CREDENTIALS } from '../../electron/simulator'
export type { RequestLogEntry, SimCall, SimCustomer, SimDataset, SimJob, TurnTiming } from '../../electron/simulator'

export interface TestSimulator extends RunningSimulator {
  injectFault(rule: FaultRule): void
  clearFaults(): void
}
/** The name the tests know it by. */
export type { TestSimulator as RunningSimulator }

export type TestSimulatorOptions = Omit<SimulatorOptions, 'voiceDir' | 'intercept'> & { voiceDir?: string }

export async function startSimulator(options: TestSimulatorOptions = {}): Promise<TestSimulator> {
  const faults = new FaultBook()
  const sim = await startDemoSimulator({ ...options, voiceDir: findVoiceDir(options.voiceDir), intercept: interceptWithFaults(faults) })
  return { ...sim, injectFault: (rule) => faults.add(rule), clearFaults: () => faults.clear() }
}
