// The rules the team's server enforces itself, whatever client writes: a grade only by its own
// reviewer, plans and settlements only by a lead, nothing deleted but by a lead. Installed as
// the database's design document by `npm run team:setup` (and by the tests).
export const TEAM_ROLES = { reviewer: 'reviewer', lead: 'lead' } as const

/** CouchDB runs this inside the server (SpiderMonkey or, in pouchdb-server, its own sandbox): ES5 only. */
const validateDocUpdate = `function (newDoc, oldDoc, userCtx) {
  function forbid(why) { throw({ forbidden: why }); }
  var roles = userCtx.roles || [];
  var lead = roles.indexOf('lead') !== -1 || roles.indexOf('_admin') !== -1;
  if (newDoc._deleted) { if (!lead) forbid('只有组长可以删除 / only a lead deletes'); return; }
  var idText = /^[0-9]{1,30}$/;
  var levels = ['A', 'B', 'C', 'D', 'E', 'F'];
  if (!idText.test(newDoc.robotCallJobId || '')) forbid('robotCallJobId');
  if (newDoc.type === 'grade') {
    if (newDoc.reviewer !== userCtx.name) forbid('评级只能由评级人自己写 / a grade is written by its own reviewer');
    if (!idText.test(newDoc.callRecordId || '')) forbid('callRecordId');
    if (newDoc._id !== 'grade:' + newDoc.robotCallJobId + ':' + newDoc.callRecordId + ':' + newDoc.reviewer) forbid('_id');
    if (newDoc.realIntentLevel !== null && levels.indexOf(newDoc.realIntentLevel) === -1) forbid('realIntentLevel');
    for (var key in newDoc) {
      if (['_id', '_rev', '_revisions', 'type', 'robotCallJobId', 'callRecordId', 'reviewer', 'reviewerName', 'realIntentLevel', 'note', 'updatedAt', 'history'].indexOf(key) === -1) forbid('字段 / field ' + key);
    }
    return;
  }
  if (newDoc.type === 'plan') {
    if (!lead) forbid('只有组长可以分配任务 / only a lead plans a task');
    if (newDoc._id !== 'plan:' + newDoc.robotCallJobId) forbid('_id');
    return;
  }
  if (newDoc.type === 'settlement') {
    if (!lead) forbid('只有组长可以裁定 / only a lead settles');
    if (newDoc._id !== 'settle:' + newDoc.robotCallJobId + ':' + newDoc.callRecordId) forbid('_id');
    if (levels.indexOf(newDoc.finalLevel) === -1) forbid('finalLevel');
    return;
  }
  forbid('未知的文档类型 / unknown document type');
}`

export const TEAM_DESIGN_DOC = { _id: '_design/call-review', validate_doc_update: validateDocUpdate }

/** Who may read and write the database: members by role, no anonymous access. */
export const TEAM_SECURITY = {
  admins: { names: [] as string[], roles: [] as string[] },
  members: { names: [] as string[], roles: [TEAM_ROLES.reviewer, TEAM_ROLES.lead] },
}
