// Prepares a team's database on a CouchDB server with an admin's account: the database, who may
// use it (members by role, no anonymous access), the rules the server enforces, and the users.
// Run again, it brings an existing database up to date without touching its documents.
import nano from 'nano'
import { TEAM_DESIGN_DOC, TEAM_ROLES, TEAM_SECURITY } from './team-rules'

export interface TeamUser {
  name: string
  password: string
  lead?: boolean
}

export interface TeamSetup {
  /** The server with an admin's name and password in it: http://admin:secret@127.0.0.1:5984 */
  adminUrl: string
  db: string
  users: readonly TeamUser[]
}

function status(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode
}

export async function setUpTeamDatabase({ adminUrl, db, users }: TeamSetup): Promise<void> {
  const couch = nano(adminUrl)
  try {
    await couch.db.create(db)
  } catch (error) {
    if (status(error) !== 412) throw error
  }
  const base = couch.use<object>(db)
  await couch.request({ db, path: '_security', method: 'PUT', body: TEAM_SECURITY })
  const existing = await base.get(TEAM_DESIGN_DOC._id).catch((error: unknown) => {
    if (status(error) === 404) return undefined
    throw error
  })
  await base.insert({ ...TEAM_DESIGN_DOC, ...(existing ? { _rev: existing._rev } : {}) })
  const userDb = couch.use<object>('_users')
  for (const user of users) {
    const id = `org.couchdb.user:${user.name}`
    const current = await userDb.get(id).catch((error: unknown) => {
      if (status(error) === 404) return undefined
      throw error
    })
    const roles = user.lead ? [TEAM_ROLES.reviewer, TEAM_ROLES.lead] : [TEAM_ROLES.reviewer]
    const doc = { _id: id, name: user.name, password: user.password, roles, type: 'user', ...(current ? { _rev: current._rev } : {}) }
    await userDb.insert(doc as object)
  }
}
