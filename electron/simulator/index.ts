// The simulated tanyibot/yiwise API server (the app's demo data): plain Node, never imports electron.
//
// Where the documentation leaves a choice, the simulator answers like this:
// - unknown path: HTTP 200, envelope code 404, before any authentication check;
// - only the documented codes: 200, 401, 403, 404, 412, 500;
// - wrong method on a known path: HTTP 200, envelope code 404 naming the expected method;
// - authentication: appKey, timestamp and signature are required; appSecret, tenantSign and
//   version may be left out (the vendor's current demo sends neither appSecret nor tenantSign),
//   the signature covering them all the same; failures (a missing header, wrong credentials or
//   version, a bad signature, a timestamp more than 5 minutes off): HTTP 200, code 401, resultMsg
//   starting '验证失败';
// - unknown task in the call list: an empty page (the platform does the same); unknown call
//   in callDetail: code 404;
// - parameters: nulls and unknown fields are ignored, numbers may come as decimal strings
//   (a Java server); anything else wrong is code 412 with a Chinese message naming it;
// - the list request is read as one revision documents it (option apiRevision): 'today' (the
//   default; calledPhoneNumber, callRecordId, customerPersonName and the later filters, no
//   searchWords) or 'seed' (searchWords and the seed's filters only); a field the revision does
//   not document is ignored like an unknown one;
// - searchWords (seed) matches a phone number or name in part or a call id whole;
//   calledPhoneNumber and customerPersonName match substrings, callRecordId exactly (the docs
//   say neither); the name is the customer's (list rows carry no name, in either revision);
//   realIntent filters on equality (false: calls without a manual label);
// - lastCallRecord true (是否去重查询) keeps the latest call of each number (robotCallTaskId),
//   chosen among all its calls, and then applies only robotCallJobId, resultStatuses,
//   intentLevels, chatDurationMin/Max and redialTimes, as documented; false or absent: every
//   call; redialTimes applies only with lastCallRecord true (shared/call-query.ts);
// - hangupBy is a free string: REMOTE_HANGUP (the docs' value) when the customer hung up,
//   LOCAL_HANGUP (not documented) when the robot did, null when nobody answered; any value is
//   accepted as a filter (equality);
// - list order: startTime descending, then callRecordId descending; task list: creation time
//   descending;
// - times as the docs' examples show them: the list's startTime 'YYYY-MM-DD HH:mm:ss', the
//   detail's startTime and endTime 'YYYY-MM-DDTHH:mm:ss', a task's createTime 'YYYY-MM-DD HH:mm'
//   in getJobs and with seconds in getJobDetail; a detail's attributes are a list of words;
// - getJobDetail, getJobStats and getIntentLevelTag answer code 404 for an unknown task or
//   group; the statistics count the task's call records (job-figures.ts says how);
// - the tenant's label groups (tenant.ts): the built-in group 0 exactly as documented, and a
//   group per flow naming the levels otherwise (A 很好 …; the survey's names four levels only);
//   a call's intentLevelName is its group's name of the level, null where the group has none;
//   getUsedIntentLevelTagList lists the groups the flows use;
// - ids are read and written exactly: one beyond 2^53 (a Java long) arrives and leaves as a bare
//   JSON number; with `bigIds` a task 9007199254740997 is added whose calls 9007199254740992–995
//   are copies of the first task's first answered calls (big-ids.ts);
// - recordings need no authentication, support GET, HEAD and single byte ranges, and answer
//   object storage's XML errors (404 NoSuchKey, 405); unanswered calls may carry an
//   early_media.wav with ringback and the operator's announcement, and have chatDuration 0.
export { jsonAnswer, type Answer } from './answer'
export { BIG_ID_CALLS, BIG_ID_JOB } from './big-ids'
export { envelope, newRequestId } from './envelope'
export { createRng, type Rng } from './random'
export { DEMO_CREDENTIALS, startSimulator } from './server'
export { VOICE_INDEX_FILE } from './voice-bank'
export type {
  InterceptedRequest,
  InterceptOutcome,
  RequestTarget,
  RequestLogEntry,
  RunningSimulator,
  ApiRevision,
  SimCall,
  SimCallExtras,
  SimCredentials,
  SimCustomer,
  SimDataset,
  SimJob,
  SimulatorOptions,
  SimUtterance,
  TurnTiming,
} from './types'
