// The synthetic voices of the voice bank. scripts/render-voices.ts speaks every utterance of
// the script library with espeak-ng's Mandarin voice in these variants; the simulator only
// reads the rendered clips. Several customer voices, so nothing downstream is tuned to one.
import type { Gender } from '../../shared/enums'

export interface VoiceSpec {
  /** espeak-ng voice name with its variant. */
  espeakVoice: string
  /** Words per minute. */
  speed: number
  /** 0–99, espeak's default is 50. */
  pitch: number
  gender: Gender
}

export const ROBOT_VOICE = 'robot'
export const OPERATOR_VOICE = 'operator'
export const CUSTOMER_VOICES = ['customer-m1', 'customer-m2', 'customer-f1', 'customer-f2'] as const
export type CustomerVoice = (typeof CUSTOMER_VOICES)[number]

export const VOICES: Readonly<Record<string, VoiceSpec>> = {
  [ROBOT_VOICE]: { espeakVoice: 'cmn-latn-pinyin+f3', speed: 195, pitch: 58, gender: 'FEMALE' },
  [OPERATOR_VOICE]: { espeakVoice: 'cmn-latn-pinyin+f1', speed: 180, pitch: 50, gender: 'FEMALE' },
  'customer-m1': { espeakVoice: 'cmn-latn-pinyin+m3', speed: 185, pitch: 40, gender: 'MALE' },
  'customer-m2': { espeakVoice: 'cmn-latn-pinyin+m7', speed: 160, pitch: 28, gender: 'MALE' },
  'customer-f1': { espeakVoice: 'cmn-latn-pinyin+f2', speed: 200, pitch: 64, gender: 'FEMALE' },
  'customer-f2': { espeakVoice: 'cmn-latn-pinyin+f4', speed: 175, pitch: 72, gender: 'FEMALE' },
}

export function customerVoicesFor(gender: Gender): readonly CustomerVoice[] {
  if (gender === 'MALE') return ['customer-m1', 'customer-m2']
  if (gender === 'FEMALE') return ['customer-f1', 'customer-f2']
  return CUSTOMER_VOICES
}
