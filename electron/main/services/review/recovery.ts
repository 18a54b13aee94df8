// What the app tells the reviewer after damaged review files were set aside and the last good
// state recovered: which files, where they went, how many grades came back and how many changes
// confirmed as saved did not.
import type { Bilingual } from '../../../../shared/enums'

export type DamageKind = 'torn' | 'corrupt' | 'truncated'

export interface DamagedFile {
  /** The damaged file, as it was named. */
  file: string
  /** Where it was moved; the file itself when there was nothing left to move, or when opened read-only. */
  setAsideAs: string
  kind: DamageKind
}

/** One opening of a task that found damage: every damaged file of it, told once. */
export interface Recovery {
  robotCallJobId: number
  /** The gravest damaged file, as it was named (every one is in `files`). */
  file: string
  /**
   * Where it was moved. Set-aside files are kept while a recovery may still need their lines, and
   * otherwise the newest few; those named by this run's notices are never removed by it.
   */
  setAsideAs: string
  /**
   * 'truncated': changes confirmed as saved are missing (the file was cut short or replaced);
   * 'torn': the file ends in an incomplete entry (the app stopped while saving); 'corrupt': any other damage.
   */
  kind: DamageKind
  /** Every damaged file, gravest first. */
  files: DamagedFile[]
  /** Grades the task holds after recovery. */
  recoveredCount: number
  /** Entries that could not be read (a damaged snapshot counts as one, a cut journal as the changes it lacks). */
  droppedEntries: number
  /**
   * Changes confirmed as saved (up to the high-water mark) that could not be recovered; null when
   * the folder keeps no high-water mark (written by an earlier version), so nobody knows.
   */
  lostChanges: number | null
  /** ISO time of the recovery. */
  at: string
  message: Bilingual
}

export interface RecoveryFacts {
  jobId: number
  kind: DamageKind
  recoveredCount: number
  lostChanges: number | null
  /** The files actually moved aside (none when the damaged file had vanished). */
  keptAs: readonly string[]
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

function causeOf(jobId: number, kind: DamageKind): Bilingual {
  if (kind === 'truncated') {
    return {
      'zh-CN': `任务 ${jobId} 的复核日志比最后确认保存的记录短（文件可能被截断，或被同步工具换成了旧版本）。`,
      en: `The review log of task ${jobId} is shorter than the last change confirmed as saved (the file was probably cut short, or replaced by an older copy by a sync tool).`,
    }
  }
  if (kind === 'torn') {
    return {
      'zh-CN': `任务 ${jobId} 的复核记录末尾不完整（可能是保存时程序意外退出）。`,
      en: `The review log of task ${jobId} ended in an incomplete entry (the app probably stopped while saving).`,
    }
  }
  return { 'zh-CN': `任务 ${jobId} 的复核文件已损坏。`, en: `A review file of task ${jobId} was damaged.` }
}

/** What came back and what did not, counted from the high-water mark where there is one. */
function outcomeOf({ kind, recoveredCount, lostChanges }: RecoveryFacts): Bilingual {
  const recovered = { 'zh-CN': `已恢复 ${recoveredCount} 条复核结果`, en: `${plural(recoveredCount, 'grade was', 'grades were')} recovered` }
  if (lostChanges !== null && lostChanges > 0) {
    return {
      'zh-CN': `${recovered['zh-CN']}；有 ${lostChanges} 条已确认保存的修改（评级或已读标记）无法恢复，请核对最近的评级。`,
      en: `${recovered.en}; ${plural(lostChanges, 'change confirmed as saved (a grade or a read mark) could', 'changes confirmed as saved (grades or read marks) could')} not be recovered: check the latest grades.`,
    }
  }
  if (lostChanges === 0) {
    // A torn last line past the high-water mark was never confirmed: that alone may be missing.
    return kind === 'torn'
      ? {
          'zh-CN': `${recovered['zh-CN']}；已确认保存的修改均未丢失，只有最后一次未确认保存的修改可能丢失。`,
          en: `${recovered.en}; every change confirmed as saved is there, only the last change, which was not confirmed as saved, may be missing.`,
        }
      : { 'zh-CN': `${recovered['zh-CN']}，已确认保存的修改均未丢失。`, en: `${recovered.en}; every change confirmed as saved is there.` }
  }
  // No high-water mark (an earlier version's folder): what was confirmed is unknown.
  return kind === 'torn'
    ? {
        'zh-CN': `${recovered['zh-CN']}；最后一次未确认保存的修改可能丢失。`,
        en: `${recovered.en}; the last change that was not confirmed as saved may be missing.`,
      }
    : { 'zh-CN': `已从最后一次完好的状态恢复 ${recoveredCount} 条复核结果。`, en: `${recovered.en} from the last good state.` }
}

export function recoveryMessage(facts: RecoveryFacts): Bilingual {
  const cause = causeOf(facts.jobId, facts.kind)
  const outcome = outcomeOf(facts)
  const kept = facts.keptAs.join(', ')
  const where: Bilingual =
    facts.keptAs.length === 0
      ? { 'zh-CN': '', en: '' }
      : {
          'zh-CN': `损坏的文件已保留为 ${facts.keptAs.join('、')}。`,
          en: facts.keptAs.length === 1 ? ` The damaged file was kept as ${kept}.` : ` The damaged files were kept as ${kept}.`,
        }
  return {
    'zh-CN': `${cause['zh-CN']}${outcome['zh-CN']}${where['zh-CN']}`,
    en: `${cause.en} ${outcome.en}${where.en}`,
  }
}

/** Damage seen by a reader that may not repair it (the command line's export). */
export function readOnlyDamageMessage(jobId: number, readCount: number, files: readonly string[], lostChanges: number | null): Bilingual {
  const lost: Bilingual =
    lostChanges !== null && lostChanges > 0
      ? {
          'zh-CN': `有 ${lostChanges} 条已确认保存的修改找不到。`,
          en: ` ${plural(lostChanges, 'change confirmed as saved is', 'changes confirmed as saved are')} missing.`,
        }
      : { 'zh-CN': '', en: '' }
  return {
    'zh-CN': `任务 ${jobId} 的复核文件 ${files.join('、')} 已损坏；只读打开，未做任何修改，读出 ${readCount} 条复核结果。${lost['zh-CN']}在工作台中打开该任务即可修复。`,
    en: `A review file of task ${jobId} (${files.join(', ')}) is damaged; opened read-only, nothing was changed, ${plural(readCount, 'grade was', 'grades were')} read.${lost.en} Opening the task in the workstation repairs it.`,
  }
}
