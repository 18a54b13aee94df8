// What is said in one answered call: the robot follows its script, the customer answers in
// character (a persona), and the outcome gives the intent level, concerns and analysis text.
// Only the order and manner of turns are decided here; timeline.ts places them in time.
import type { IntentLevel } from '../../shared/enums'
import type { Rng } from './random'
import { COMMON_REPLIES, type DialogueScript, type ScriptKind, type ScriptTopic } from './script-library'

export type Persona = 'interested' | 'curious' | 'neutral' | 'refuser' | 'busy' | 'silent' | 'hangup' | 'wrongPerson'

/** How a turn follows the one before it. */
export type TurnManner = 'reply' | 'continue' | 'afterSilence' | 'bargeIn'

/** Who ended the call (the list's hangupBy says it in the platform's words: dataset.ts). */
export type HangupSide = 'ROBOT' | 'PERSON'

export interface DialogueAct {
  speaker: 'ROBOT' | 'PERSON'
  text: string
  timing: TurnManner
}

export interface Conversation {
  persona: Persona
  acts: DialogueAct[]
  /** The customer hung up while the last (robot) turn was still playing. */
  cutOffAtEnd: boolean
  hangupBy: HangupSide
  intentLevel: IntentLevel
  concerns: string[]
  analysisBasis: string
}

const PERSONA_WEIGHTS: Record<ScriptKind, Record<Persona, number>> = {
  sales: { interested: 15, curious: 20, neutral: 18, refuser: 21, busy: 8, silent: 6, hangup: 9, wrongPerson: 3 },
  notice: { interested: 35, curious: 15, neutral: 10, refuser: 10, busy: 8, silent: 7, hangup: 10, wrongPerson: 5 },
  survey: { interested: 40, curious: 15, neutral: 20, refuser: 10, busy: 5, silent: 5, hangup: 5, wrongPerson: 0 },
}

/** How likely a customer asks something after a robot line, by persona. */
const QUESTION_CHANCE: Partial<Record<Persona, number>> = { interested: 0.35, curious: 0.65, neutral: 0.12, hangup: 0.1 }

type Mood = 'good' | 'fair' | 'bad'

function moodOf(persona: Persona, rng: Rng): Mood {
  if (persona === 'interested') return rng.chance(0.9) ? 'good' : 'fair'
  if (persona === 'curious') return rng.chance(0.75) ? 'bad' : 'fair'
  return rng.chance(0.6) ? 'fair' : 'good'
}

export function pickPersona(kind: ScriptKind, rng: Rng): Persona {
  return rng.weighted(PERSONA_WEIGHTS[kind])
}

export function converse(script: DialogueScript, persona: Persona, rng: Rng): Conversation {
  const acts: DialogueAct[] = []
  const concerns: string[] = []
  const unasked: ScriptTopic[] = [...script.topics]

  const robot = (text: string, timing: TurnManner = 'reply') => {
    // A robot line right after another robot line, without a wait for an answer, just continues.
    const previous = acts[acts.length - 1]
    acts.push({ speaker: 'ROBOT', text, timing: timing === 'reply' && previous?.speaker === 'ROBOT' ? 'continue' : timing })
  }
  const person = (text: string, bargeInChance = 0) => {
    const interrupts = acts[acts.length - 1]?.speaker === 'ROBOT' && rng.chance(bargeInChance)
    acts.push({ speaker: 'PERSON', text, timing: interrupts ? 'bargeIn' : 'reply' })
  }
  const askTopic = () => {
    if (unasked.length === 0) return false
    const topic = unasked.splice(Math.floor(rng.next() * unasked.length), 1)[0] as ScriptTopic
    person(rng.pick(topic.questions), 0.15)
    robot(topic.answer)
    concerns.push(topic.concern)
    return true
  }
  const done = (hangupBy: HangupSide, intentLevel: IntentLevel, analysisBasis: string, cutOffAtEnd = false): Conversation => ({
    persona,
    acts,
    cutOffAtEnd,
    hangupBy,
    intentLevel,
    concerns,
    analysisBasis,
  })
  const refusals = [...COMMON_REPLIES.refuse, ...script.decline]

  robot(rng.pick(script.openings))
  switch (persona) {
    case 'silent':
      robot(script.silencePrompt, 'afterSilence')
      if (rng.chance(0.4)) {
        person(rng.pick(COMMON_REPLIES.unclear))
        robot(script.repeat)
      }
      robot(script.closing.busy, 'afterSilence')
      return done('ROBOT', rng.chance(0.7) ? 'C' : 'D', '客户接通后未应答，无法判断意向')
    case 'wrongPerson':
      person(rng.pick(COMMON_REPLIES.wrongPerson), 0.3)
      robot(script.closing.wrongPerson)
      return done('ROBOT', 'F', '非本人接听，客户表示打错了')
    case 'busy':
      person(rng.pick(COMMON_REPLIES.busy), 0.3)
      if (rng.chance(0.4)) return done('PERSON', 'E', '客户表示在忙，说完即挂机，需要再次跟进')
      robot(script.closing.busy)
      return done('ROBOT', 'E', '客户表示在忙，需要再次跟进')
    case 'refuser':
      person(rng.pick(refusals), 0.4)
      robot(script.retention)
      if (rng.chance(0.45)) return done('PERSON', 'F', '客户明确拒绝，并在挽留时挂机', true)
      person(rng.pick(refusals), 0.3)
      robot(script.closing.declined)
      return done('ROBOT', rng.chance(0.9) ? 'F' : 'D', '客户明确表示不需要')
    default:
      break
  }

  const opening = acts[0]?.text ?? ''
  // "是我" answers only an opening that asks whether this is the right person.
  const asksIdentity = opening.includes('本人')
  person(rng.pick(asksIdentity && rng.chance(0.6) ? COMMON_REPLIES.identity : COMMON_REPLIES.affirm), 0.05)
  const steps = script.steps
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as (typeof steps)[number]
    const last = i === steps.length - 1
    robot(step.robot)
    if (persona === 'hangup' && (last || rng.chance(0.45))) {
      return done('PERSON', rng.chance(0.6) ? 'D' : 'F', '客户在机器人讲话时挂机，未表达意向', true)
    }
    if (step.replies) {
      const mood = moodOf(persona, rng)
      person(rng.pick(step.replies[mood]), 0.1)
      if (mood === 'bad' && rng.chance(0.5)) askTopic()
    } else if (!last) {
      if (!(rng.chance(QUESTION_CHANCE[persona] ?? 0) && askTopic())) person(rng.pick(COMMON_REPLIES.affirm), 0.08)
      if (persona === 'curious' && rng.chance(0.5)) askTopic()
    }
  }

  const concernText = concerns.length > 0 ? `，关注${concerns.join('、')}` : ''
  if (script.kind === 'survey') {
    robot(script.closing.agreed)
    if (persona === 'interested') return done('ROBOT', rng.chance(0.7) ? 'A' : 'B', script.agreedBasis)
    if (persona === 'curious') return done('ROBOT', rng.chance(0.7) ? 'E' : 'D', `客户对服务不满意${concernText}，需要安排回访处理`)
    return done('ROBOT', rng.chance(0.6) ? 'C' : 'B', '客户对服务基本满意')
  }

  if (persona === 'curious' && rng.chance(0.5)) askTopic()
  const agrees = persona === 'interested' || (persona === 'curious' && rng.chance(0.45))
  if (agrees) {
    person(rng.pick(script.agree))
    robot(script.closing.agreed)
    if (persona === 'interested') return done('ROBOT', rng.chance(0.75) ? 'A' : 'B', script.agreedBasis + concernText)
    return done('ROBOT', 'B', `客户有一定兴趣${concernText}`)
  }
  person(rng.pick(script.hesitate))
  robot(script.closing.declined)
  if (persona === 'curious') return done('ROBOT', rng.chance(0.6) ? 'E' : 'C', `客户仍在考虑${concernText}，需要再次跟进`)
  return done('ROBOT', rng.chance(0.5) ? 'C' : 'D', '客户仅简单应答，未表现出明显意向')
}
