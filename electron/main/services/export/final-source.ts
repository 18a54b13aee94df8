// Where a call's final grade comes from, in the words both exports use (the lead's team result
// and a reviewer's own file), so the two files never name the same thing differently.
import type { Bilingual } from '../../../../shared/enums'

export type TeamFinalSource = 'settled' | 'agreed' | 'single' | 'disputed' | 'waiting'

export const FINAL_SOURCE: Record<TeamFinalSource, Bilingual> = {
  settled: { 'zh-CN': '组长裁定', en: 'Settled by the lead' },
  agreed: { 'zh-CN': '双评一致', en: 'Both reviewers agreed' },
  single: { 'zh-CN': '复核员评级', en: "The reviewer's grade" },
  disputed: { 'zh-CN': '分歧待裁定', en: 'Disagreement to settle' },
  waiting: { 'zh-CN': '待评级', en: 'Not graded yet' },
}
