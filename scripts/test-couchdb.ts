// `npm run test:couchdb`: the team tests against a real Apache CouchDB, named by COUCHDB_URL with
// an admin's name and password (http://admin:secret@127.0.0.1:5984). Without it the same tests
// run in `npm test` against pouchdb-server, started on loopback.
import { spawnSync } from 'node:child_process'

if (!process.env.COUCHDB_URL) {
  console.error('COUCHDB_URL 未设置：请给出一台 CouchDB 及其管理员，例如 COUCHDB_URL=http://admin:secret@127.0.0.1:5984 npm run test:couchdb')
  console.error('COUCHDB_URL is not set: name a CouchDB and its admin, e.g. COUCHDB_URL=http://admin:secret@127.0.0.1:5984 npm run test:couchdb')
  process.exit(2)
}
const run = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/team-'], { stdio: 'inherit', shell: process.platform === 'win32' })
process.exit(run.status ?? 1)
