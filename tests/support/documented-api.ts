// Facts from the platform's public docs, written down here as test fixtures: the request and
// answer examples (their JSON as the docs print it), the enumerations with their labels, and the
// rules the docs state in words. Source: the public repository yiwise/slate, folder
// source/includes/, at e032b5d (2021-01-12; the files used last changed in 2019); the seed
// revision of the call list is callRecord.md at 2e49b15 (2018-11-06), the spec in ../shared/api/.
// The tests hold the app and the simulator to these, not to our own reading of them.

/** getCallRecordInfoList's request example today (callRecord.md lines 12–32). */
export const LIST_REQUEST_EXAMPLE = String.raw`
{
 	"robotCallJobId": 1,
 	"dialogFlowId": 2,
 	"resultStatuses": ["ANSWERED"],
 	"intentLevels": ["A"],
 	"hangupBy":"REMOTE_HANGUP",
 	"realIntent": true,
 	"calledPhoneNumber":"15364736473",
 	"callRecordId": 145213,
 	"customerPersonName": "张三",
 	"customerConcern":["公司位置","交通"],
 	"readStatus": "NOT_READ",
 	"chatDurationMin": 1,
 	"chatDurationMax": 3,
 	"lastCallRecord": true,
 	"redialTimes": 2,
 	"pageSize": 20,
 	"pageNum": 1
}
`

/** The seed's request example (seed-callRecord-api.md; callRecord.md before 2019-07-09). */
export const SEED_LIST_REQUEST_EXAMPLE = String.raw`
{
 	"customerGroupId": 1,
 	"robotCallJobId": 1,
 	"dialogFlowId": 2,
 	"resultStatuses": ["ANSWERED"],
 	"searchWords": "测试",
 	"intentLevels": ["A"],
 	"pageSize": 20,
 	"pageNum": 1
}
`

/** getCallRecordInfoList's answer example today (callRecord.md lines 38–90). */
export const LIST_RESPONSE_EXAMPLE = String.raw`
 {
           "code": 200,
           "data": {
               "number": 1,
               "pageSize": 20,
               "totalElements": 4,
               "pages": 1,
               "content": [
                   {
                       "hangupBy": "REMOTE_HANGUP",
                       "callRecordId": 47,
                       "tenantId": 1,
                      "robotCallJobId": 50,
                      "dialogFlowId": 4,
                      "robotCallTaskId": 4,
                      "customerPersonId": 5,
                      "calledPhoneNumber": "18817501728",
                      "phoneNumberId": 0,
                      "resultStatus": "ANSWERED",
                      "intentLevel": "A",
                      "intentLevelName": "很好",
                      "realIntentLevel": null,
                      "realIntentLevelName":"很好",
                      "intentLevelTagId": 0,
                      "customerConcern": [
                        "价格","位置"
                       ],
                       "fullAudioUrl": "https://ai-call-platform.oss-cn-hangzhou.aliyuncs.com/DialogueRecording/TenantId1/CallJobId50/OUZAXBCB__TaskId_4/ai_user.wav",
                       "customerAudioUrl": "https://ai-call-platform.oss-cn-hangzhou.aliyuncs.com/DialogueRecording/TenantId1/CallJobId50/OUZAXBCB__TaskId_4/user.wav",
                       "analysisBasis": "",
                       "startTime": "2018-08-04 11:57:33",
                       "chatDuration": 93,
                       "chatRound": 16,
                       "readStatus": "NOT_READ",
                       "callDetailList": [
                           {
                               "text":"喂，您好, （停顿2s），您好，想问下您位于江北纬七路隧道附近，均价17000的高端商业综合体，我可以给您介绍一下吗？",
                               "type":"ROBOT",
                               "callDetailId": 1
                           },
                           {
                               "text":"嗯",
                               "type":"PERSON",
                               "callDetailId": 2
                           }
                       ]
                   }
               ]
           },
           "requestId": "YXDXFDSC",
           "resultMsg": "获取成功",
           "errorStackTrace": null
       }
`

/** The list answer's fields as the response table names them (callRecord.md lines 127–157),
 *  beside the envelope and page fields; the example adds readStatus, callDetailList, tenantId. */
export const LIST_ROW_FIELDS = [
  'hangupBy', 'callRecordId', 'robotCallJobId', 'dialogFlowId', 'robotCallTaskId', 'customerPersonId',
  'calledPhoneNumber', 'phoneNumberId', 'resultStatus', 'intentLevel', 'intentLevelName', 'realIntentLevel',
  'realIntentLevelName', 'intentLevelTagId', 'customerConcern', 'fullAudioUrl', 'customerAudioUrl',
  'analysisBasis', 'startTime', 'chatDuration', 'chatRound', 'redialTimes',
  // in the example only
  'tenantId', 'readStatus', 'callDetailList',
] as const

/** A phone number as another list of the same docs prints it, masked (callRecord.md, toBeCalledList). */
export const MASKED_PHONE_EXAMPLE = '156****7777'

/** Task status, request and answer tables of job/getJobs (obtainTask.md), in their order. */
export const JOB_STATUS_DOCS: readonly [string, string][] = [
  ['NOT_STARTED', '未开始'],
  ['IN_PROCESS', '进行中'],
  ['COMPLETED', '已完成'],
  ['RUNNABLE', '可运行'],
  ['USER_PAUSE', '用户暂停'],
  ['SYSTEM_SUSPENDED', '系统暂停'],
  ['TERMINATE', '已终止'],
  ['IN_QUEUE', '排队中'],
  ['SYSTEM_HANG_UP', '系统挂起'],
  ['WAITING_FOR_REDIAL', '等待重呼'],
  ['ACCOUNT_DISABLE', '账户禁用'],
  ['MAINTAIN', '系统维护'],
]

/** Call results: the call list's ten (callRecord.md) and the two task.md adds with its short
 *  names (reAddCustomerToJob: "CALL_LOSS(10,"多并发呼损",…), TRANSFER_ARTIFICIAL(11,"转人工呼损",…)"). */
export const RESULT_STATUS_DOCS = [
  'ANSWERED', 'NO_ANSWER', 'BUSY', 'POWER_OFF', 'OUT_OF_SERVICE', 'REFUSED', 'VACANT_NUMBER',
  'CAN_NOT_CONNECT', 'FROM_PHONE_ERROR', 'SYSTEM_ERROR', 'CALL_LOSS', 'TRANSFER_ARTIFICIAL',
] as const
export const NEW_RESULT_STATUS_LABELS = { CALL_LOSS: '多并发呼损', TRANSFER_ARTIFICIAL: '转人工呼损' } as const

/** hangupBy: "hangupBy | String | 否 | 挂机状态 | REMOTE_HANGUP", the only value the docs show. */
export const HANGUP_BY_EXAMPLE = 'REMOTE_HANGUP'

/** lastCallRecord (是否去重查询): "如此处为true 条件只有 robotCallJobId resultStatuses intentLevels
 *  chatDurationMin chatDurationMax redialTimes 有效"; redialTimes: "此条件只在lastCallRecord为true时生效".
 *  What the dedupe is, task.md (reAddCustomerToJob, same filter): "是否过滤重复通话记录只显示最近的一条". */
export const LAST_CALL_RECORD_APPLIES = [
  'robotCallJobId', 'resultStatuses', 'intentLevels', 'chatDurationMin', 'chatDurationMax', 'redialTimes',
] as const
