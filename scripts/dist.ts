// npm run dist [-- --linux|--win|--mac ...]: builds the app, then the installers with
// electron-builder (electron-builder.ts), signed where the environment says how (scripts/lib/signing.ts).
import { spawn } from 'node:child_process'
import { platformsOf, signingPlan } from './lib/signing'

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' })
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const plan = signingPlan(platformsOf(args), process.env)
  for (const line of plan.lines) process.stderr.write(`${line}\n`)
  const env = { ...process.env, ...plan.env, CALL_REVIEW_NOTARIZE: plan.notarize ? '1' : '' }
  const built = await run('npx', ['electron-vite', 'build'], env)
  return built === 0 ? run('npx', ['electron-builder', ...args], env) : built
}

main().then((code) => process.exit(code))
