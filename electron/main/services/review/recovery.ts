// What the app tells the reviewer after a damaged review file was set aside and its last good
// state recovered: which file, where it went, how many grades came back.
import type { Bilingual } from '../../../../shared/enums'

export type DamageKind = 'torn' | 'corrupt' | 'truncated'

export interface Recovery {
  robotCallJobId: number
  /** The damaged file, as it was named. */
  file: string
  /** Where it was moved; it is never deleted. */
  setAsideAs: string
  /** 'torn': the file ends in an incomplete entry (the app stopped while saving); 'corrupt': any other damage. */
  kind: DamageKind
  /** Grades the task holds after recovery. */
  recoveredCount: number
  /** Entries that could not be read (a damaged snapshot counts as one). */
  droppedEntries: number
  /** ISO time of the recovery. */
  at: string
  message: Bilingual
}

export function recoveryMessage(
  jobId: number,
  kind: DamageKind,
  recoveredCount: number,
  setAsideAs: string,
): Recovery['message'] {
  if (kind === 'truncated') {
    return {
      'zh-CN': `任务 ${jobId} 的复核日志比最后确认保存的记录短（文件可能被截断，或被同步工具换成了旧版本），有已确认的修改找不到了。已恢复 ${recoveredCount} 条复核结果；请核对最近的评级。原文件已保留为 ${setAsideAs}。`,
      en: `The review log of task ${jobId} is shorter than the last change confirmed as saved (the file was probably cut short, or replaced by an older copy by a sync tool): some confirmed changes are missing. ${recoveredCount} grades were recovered; check the latest grades. The file was kept as ${setAsideAs}.`,
    }
  }
  if (kind === 'torn') {
    return {
      'zh-CN': `任务 ${jobId} 的复核记录末尾不完整（可能是保存时程序意外退出）。已恢复 ${recoveredCount} 条复核结果；最后一次未确认保存的修改可能丢失。原文件已保留为 ${setAsideAs}。`,
      en: `The review log of task ${jobId} ended in an incomplete entry (the app probably stopped while saving). ${recoveredCount} grades were recovered; the last change that was not confirmed as saved may be missing. The file was kept as ${setAsideAs}.`,
    }
  }
  return {
    'zh-CN': `任务 ${jobId} 的复核文件已损坏。已从最后一次完好的状态恢复 ${recoveredCount} 条复核结果。损坏的文件已保留为 ${setAsideAs}。`,
    en: `A review file of task ${jobId} was damaged. ${recoveredCount} grades were recovered from the last good state. The damaged file was kept as ${setAsideAs}.`,
  }
}

/** Damage seen by a reader that may not repair it (the command line's export). */
export function readOnlyDamageMessage(jobId: number, readCount: number, file: string): Recovery['message'] {
  return {
    'zh-CN': `任务 ${jobId} 的复核文件 ${file} 已损坏；只读打开，未做任何修改，读出 ${readCount} 条复核结果。在工作台中打开该任务即可修复。`,
    en: `A review file of task ${jobId} (${file}) is damaged; opened read-only, nothing was changed, ${readCount} grades were read. Opening the task in the workstation repairs it.`,
  }
}
