// `npm run --silent cli -- calls|detail|jobs …`: see scripts/lib/cli-commands.ts.
import { runCli } from './lib/cli-commands'

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})
process.exitCode = code
