// `npm run team:setup`: prepares a team's database on a CouchDB server (the database, its
// members, the rules the server enforces) and creates or updates the team's users.
//   COUCHDB_URL=http://admin:secret@couch.example.com:5984 npm run team:setup -- --db call-review \
//     --users 'zhang:pw1:lead,wang:pw2,li:pw3'
// A user marked :lead may plan tasks and settle disagreements; every user grades.
import { setUpTeamDatabase, type TeamUser } from '../electron/main/services/team'
import { parseFlags, UsageError } from './lib/args'

function parseUsers(text: string): TeamUser[] {
  return text.split(',').filter(Boolean).map((entry) => {
    const [name, password, role, ...rest] = entry.split(':')
    if (!name || !password || rest.length > 0 || (role !== undefined && role !== 'lead')) throw new UsageError(`--users: "${entry}" is not name:password or name:password:lead`)
    return { name, password, lead: role === 'lead' }
  })
}

async function main() {
  const { flags } = parseFlags(process.argv.slice(2), ['db', 'users', 'admin-url'])
  const adminUrl = flags['admin-url'] ?? process.env.COUCHDB_URL
  if (!adminUrl) throw new UsageError('give the server with an admin: COUCHDB_URL=http://admin:secret@host:5984 (or --admin-url)')
  const db = flags.db ?? 'call-review'
  const users = parseUsers(flags.users ?? '')
  await setUpTeamDatabase({ adminUrl, db, users })
  console.log(`团队数据库 ${db} 已就绪，${users.length} 个用户 / team database ${db} ready, ${users.length} users`)
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `用法错误 / usage: ${error.message}` : error instanceof Error ? error.message : String(error))
  process.exit(error instanceof UsageError ? 2 : 1)
})
