// The team feature (grades shared through CouchDB): what the rest of the main process may use of it.
export { assignLate, assignmentOf, splitCalls, type Assignment, type TeamPlanRule } from './assignment'
export { createCouchClient, DEFAULT_TEAM_TIMEOUT_MS, type CouchClient, type TeamServer } from './couch-client'
export { agreementWithFinal, fleissKappa, pairKappas, type RatedCall } from './reliability'
export { gradeDocId, planDocId, settlementDocId, readTeamDoc, type TeamDoc, type TeamGradeDoc, type TeamPlanDoc, type TeamSettlementDoc } from './team-docs'
export { TEAM_DESIGN_DOC, TEAM_ROLES, TEAM_SECURITY } from './team-rules'
export { setUpTeamDatabase, type TeamUser } from './team-setup'
export { createTeamSync, type TeamSync, type TeamSyncStatus } from './team-sync'
export { createTeamService, type TeamService } from './team-service'
