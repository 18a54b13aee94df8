// The simulated tenant's own setup: its intent label groups (意向标签组) and its dialogue flows
// (话术). Group 0 is the platform's built-in group exactly as the documentation gives it
// (intentLevelTag.md); the tenant's own groups name the levels otherwise than the built-in
// labels do (the documented call example pairs level A with 很好), and the survey's group names
// four levels only, as the documented getJobStats example's group does.
import type { DialogFlowStatus, IntentLevel } from '../../shared/enums'
import { INTENT_LEVELS } from '../../shared/enums'
import { SCRIPTS, type DialogueScript } from './script-library'

export interface SimIntentLevelTag {
  intentLevelTagId: number
  name: string
  /** `code` 0 is level A, 1 is B … 5 is F. */
  details: { code: number; name: string }[]
}

export interface SimDialogFlow {
  dialogFlowId: number
  name: string
  industry: string
  subIndustry: string
  intentLevelTagId: number
  status: DialogFlowStatus
  createTime: string
}

const named = (intentLevelTagId: number, name: string, names: readonly string[]): SimIntentLevelTag => ({
  intentLevelTagId,
  name,
  details: names.map((levelName, code) => ({ code, name: levelName })),
})

export const BUILT_IN_TAG_ID = 0

export const INTENT_LEVEL_TAGS: readonly SimIntentLevelTag[] = [
  named(BUILT_IN_TAG_ID, '内置意向分类标签', ['A类', 'B类', 'C类', 'D类', 'E类', 'F类']),
  named(52, '到访邀约意向', ['很好', '好', '一般', '较差', '待跟进', '无意向']),
  named(53, '还款提醒意向', ['承诺还款', '可能还款', '无法判断', '拒绝还款', '需再次提醒', '无需跟进']),
  named(54, '回访满意度', ['非常满意', '满意', '一般', '不满意']),
]

/** The tenant's name of a level in a group; null when the group does not name it. */
export function tagLevelName(intentLevelTagId: number, level: IntentLevel): string | null {
  const tag = INTENT_LEVEL_TAGS.find((t) => t.intentLevelTagId === intentLevelTagId)
  return tag?.details.find((d) => d.code === INTENT_LEVELS.indexOf(level))?.name ?? null
}

/** What the flow list says of each script beyond its id, name and label group (the industries
 *  are the documented enumerations' values). */
const FLOW_FACTS: Record<number, Pick<SimDialogFlow, 'industry' | 'subIndustry' | 'status' | 'createTime'>> = {
  3201: { industry: 'REALTY', subIndustry: 'HOUSE', status: 'APPROVED', createTime: '2025-10-28 15:20:11' },
  3202: { industry: 'FINANCE', subIndustry: 'CREDIT_CARD', status: 'APPROVED', createTime: '2025-09-02 10:04:37' },
  3203: { industry: 'CALLBACK', subIndustry: 'STATISFICATION', status: 'APPROVED', createTime: '2025-11-06 17:45:02' },
}

/** A flow no task uses yet, graded with the built-in group. */
const DRAFT_FLOW: SimDialogFlow = {
  dialogFlowId: 3209,
  name: '新盘认筹预热话术（草稿）',
  industry: 'REALTY',
  subIndustry: 'HOUSE',
  intentLevelTagId: BUILT_IN_TAG_ID,
  status: 'DRAFT',
  createTime: '2025-11-20 11:32:50',
}

function flowOf(script: DialogueScript): SimDialogFlow {
  const facts = FLOW_FACTS[script.dialogFlowId] ?? { industry: 'OTHER', subIndustry: 'OTHER', status: 'APPROVED', createTime: '2025-09-01 09:00:00' }
  return { dialogFlowId: script.dialogFlowId, name: script.name, intentLevelTagId: script.intentLevelTagId, ...facts }
}

export function dialogFlows(): SimDialogFlow[] {
  return [...SCRIPTS.map(flowOf), { ...DRAFT_FLOW }]
}

/** The groups the flows use, as getUsedIntentLevelTagList lists them. */
export function usedIntentLevelTags(flows: readonly SimDialogFlow[]): { intentLevelTagId: number; name: string }[] {
  const used = new Set(flows.map((flow) => flow.intentLevelTagId))
  return INTENT_LEVEL_TAGS.filter((tag) => used.has(tag.intentLevelTagId)).map(({ intentLevelTagId, name }) => ({ intentLevelTagId, name }))
}
