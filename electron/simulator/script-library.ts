// The robot's dialogue scripts (话术) and the customers' possible replies. Every text here is
// rendered once into the voice bank (scripts/render-voices.ts); transcripts are built only
// from these texts, so each transcript line has its clip.
import type { ResultStatus } from '../../shared/enums'
import { CUSTOMER_VOICES, OPERATOR_VOICE, ROBOT_VOICE } from './voices'

export type ScriptKind = 'sales' | 'notice' | 'survey'

export interface ScriptStep {
  robot: string
  /** Replies to a step that asks something, by the customer's mood; other steps get plain reactions. */
  replies?: { good: readonly string[]; fair: readonly string[]; bad: readonly string[] }
}

/** Something a customer may ask about, the robot's answer, and the concern chip it adds. */
export interface ScriptTopic {
  questions: readonly string[]
  answer: string
  concern: string
}

export interface DialogueScript {
  kind: ScriptKind
  dialogFlowId: number
  name: string
  intentLevelTagId: number
  openings: readonly string[]
  /** In order; the last one asks for the commitment the call is about. */
  steps: readonly ScriptStep[]
  topics: readonly ScriptTopic[]
  agree: readonly string[]
  hesitate: readonly string[]
  decline: readonly string[]
  retention: string
  silencePrompt: string
  repeat: string
  closing: { agreed: string; declined: string; busy: string; wrongPerson: string }
  agreedBasis: string
}

/** Replies any customer may give, whatever the script. */
export const COMMON_REPLIES = {
  affirm: ['嗯', '好的', '你说', '是的', '对', '嗯嗯', '可以'],
  identity: ['是我', '对，是我，什么事？', '嗯，你哪位？'],
  unclear: ['啊？你说什么？', '喂？听不清'],
  busy: ['我现在在忙，晚点再说吧', '在开车呢，不方便'],
  refuse: ['不需要', '不用了，谢谢', '没兴趣', '以后别打了'],
  bargeIn: ['不用了不用了', '好了好了，我知道了', '等一下'],
  wrongPerson: ['你打错了'],
} as const

export const SALES_SCRIPT: DialogueScript = {
  kind: 'sales',
  dialogFlowId: 3201,
  name: '滨江悦府到访邀约话术',
  intentLevelTagId: 52,
  openings: [
    '喂，您好，（停顿2s）您好，想问下您位于江北纬七路隧道附近，均价17000的高端商业综合体，我可以给您介绍一下吗？',
    '喂，您好，（停顿1s）我是滨江悦府的置业顾问小林，请问您最近有看房的打算吗？',
  ],
  steps: [
    { robot: '我们项目就在地铁四号线滨江站旁边，周边有银泰和两所重点小学，主推八十九到一百四十平的三房和四房。' },
    { robot: '这周末售楼处有开放日活动，到访就有礼品，认购还能享受九八折优惠，（停顿1s）您看周六还是周日方便过来看看？' },
  ],
  topics: [
    { questions: ['多少钱一平？', '价格怎么样？'], answer: '目前均价每平米17000左右，首付最低三成，具体要看楼层和户型。', concern: '价格' },
    { questions: ['在哪里？', '具体位置在哪？'], answer: '项目在江南大道和长河路交叉口，地铁滨江站出来就到。', concern: '位置' },
    { questions: ['你们是哪个公司的？'], answer: '我们是滨江悦府项目的官方售楼处，开发商是本地国企，您可以放心。', concern: '开发商' },
    { questions: ['什么时候交房？'], answer: '项目预计明年六月精装交付，品牌家电都是配好的。', concern: '交付' },
    { questions: ['能用公积金贷款吗？'], answer: '可以办理公积金贷款，也可以组合贷款，有专门的按揭专员帮您办理。', concern: '贷款' },
    { questions: ['有什么户型？'], answer: '有八十九平的三房，一百一十五平和一百四十平的四房，都是南北通透的。', concern: '户型' },
  ],
  agree: ['可以，周六上午过去看看', '行，你加我微信发点资料吧', '有优惠的话可以了解一下'],
  hesitate: ['再说吧，我考虑一下', '现在还不确定'],
  decline: ['我已经买房了', '不考虑买房'],
  retention: '理解的，（停顿1s）这次优惠力度确实比较大，就占用您半分钟，您看可以吗？',
  silencePrompt: '喂，您好，能听到我说话吗？',
  repeat: '不好意思，刚才信号不太好，我是滨江悦府的置业顾问，想邀请您周末来看看房子。',
  closing: {
    agreed: '好的，那我稍后加您微信，把户型图和位置发给您，祝您生活愉快，再见！',
    declined: '好的，不好意思打扰您了，以后有需要随时联系我们，再见！',
    busy: '好的，那我晚点再联系您，不打扰您了，再见！',
    wrongPerson: '不好意思，打扰您了，再见！',
  },
  agreedBasis: '客户同意到访看房，意向明确',
}

export const NOTICE_SCRIPT: DialogueScript = {
  kind: 'notice',
  dialogFlowId: 3202,
  name: '信用卡还款提醒话术',
  intentLevelTagId: 53,
  openings: ['您好，这里是浦惠银行信用卡中心，（停顿1s）请问您是持卡人本人吗？'],
  steps: [
    { robot: '提醒您，本期信用卡账单的最后还款日是本月二十五号，目前还没有查询到您的还款记录。' },
    { robot: '为避免产生逾期记录影响征信，请您在还款日前按时足额还款，（停顿1s）请问您清楚了吗？' },
  ],
  topics: [
    { questions: ['要还多少？', '欠多少钱？'], answer: '本期应还金额可以在手机银行或者账单短信里查看，最低还款额也会一起显示。', concern: '金额' },
    { questions: ['能分期吗？'], answer: '可以办理账单分期，您可以在手机银行申请，也可以拨打客服热线办理。', concern: '分期' },
    { questions: ['我已经还了'], answer: '好的，如果您已经还款，请忽略本次提醒，到账可能有一点延迟。', concern: '已还款' },
    { questions: ['你们是骗子吧？', '你怎么有我电话？'], answer: '您放心，我们不会索要密码和验证码，您可以拨打卡片背面的官方客服电话核实。', concern: '真实性' },
  ],
  agree: ['知道了，我今天就还', '好的，我下午还'],
  hesitate: ['这个月手头有点紧', '过几天再还吧'],
  decline: ['我不还了'],
  retention: '打扰您一分钟，（停顿1s）这次来电是关于您的账单还款，比较重要。',
  silencePrompt: '喂，您好，请问能听到吗？',
  repeat: '不好意思，刚才没听清，这里是浦惠银行信用卡中心，来电提醒您按时还款。',
  closing: {
    agreed: '好的，感谢您的配合，祝您生活愉快，再见！',
    declined: '好的，请您记得按时还款，不打扰您了，再见！',
    busy: '好的，那请您有空时留意一下账单，再见！',
    wrongPerson: '不好意思，打扰您了，再见！',
  },
  agreedBasis: '客户确认收到提醒并承诺按时还款',
}

export const SURVEY_SCRIPT: DialogueScript = {
  kind: 'survey',
  dialogFlowId: 3203,
  name: '宽带安装满意度回访话术',
  intentLevelTagId: 54,
  openings: ['您好，这里是城联宽带客户服务中心，（停顿1s）耽误您一分钟，想对您最近的宽带安装做个回访，可以吗？'],
  steps: [
    {
      robot: '请问安装师傅是否按约定时间上门？',
      replies: { good: ['准时的', '准时'], fair: ['晚了一点'], bad: ['迟到了半个小时'] },
    },
    {
      robot: '请问您对师傅的服务态度满意吗？满意请说满意，不满意请说不满意。',
      replies: { good: ['满意', '挺满意的'], fair: ['还行吧'], bad: ['不太满意'] },
    },
    {
      robot: '请问宽带现在使用正常吗？网速稳定吗？',
      replies: { good: ['正常', '挺好的'], fair: ['还行，有时候有点卡'], bad: ['经常断网'] },
    },
    {
      robot: '最后，如果满分是十分，您愿意给我们的服务打几分？',
      replies: { good: ['十分', '九分吧'], fair: ['七分'], bad: ['五分'] },
    },
  ],
  topics: [
    { questions: ['上次报修一直没人来'], answer: '非常抱歉给您带来不便，我已经记录下来，会安排售后人员二十四小时内联系您。', concern: '售后' },
    { questions: ['网太慢了怎么办？'], answer: '网速问题我们会安排技术人员远程检测，有问题会第一时间给您处理。', concern: '网速' },
    { questions: ['能不能便宜点？'], answer: '资费方面的问题，稍后会有客户经理给您详细解释。', concern: '资费' },
  ],
  agree: ['好的'],
  hesitate: ['再说吧'],
  decline: ['没时间做回访'],
  retention: '就几个简单的问题，（停顿1s）大概一分钟就好，您看可以吗？',
  silencePrompt: '喂，您好，能听到我说话吗？',
  repeat: '不好意思，刚才没听清，这里是城联宽带，想对您的宽带安装做个简单回访。',
  closing: {
    agreed: '好的，感谢您的支持与配合，祝您生活愉快，再见！',
    declined: '好的，不打扰您了，祝您生活愉快，再见！',
    busy: '好的，那不打扰您了，再见！',
    wrongPerson: '不好意思，打扰您了，再见！',
  },
  agreedBasis: '客户完成全部回访问题，对服务满意',
}

export const SCRIPTS: readonly DialogueScript[] = [SALES_SCRIPT, NOTICE_SCRIPT, SURVEY_SCRIPT]

/** What the network plays before a call that is not answered (early media). */
export const OPERATOR_ANNOUNCEMENTS: Partial<Record<ResultStatus, string>> = {
  VACANT_NUMBER: '您好，您拨打的号码是空号，请查证后再拨。',
  POWER_OFF: '您好，您拨打的电话已关机。',
  OUT_OF_SERVICE: '您好，您拨打的电话已停机。',
  BUSY: '您好，您拨打的电话正在通话中，请稍后再拨。',
  NO_ANSWER: '您好，您拨打的电话暂时无人接听，请稍后再拨。',
  CAN_NOT_CONNECT: '您好，您拨打的电话暂时无法接通，请稍后再拨。',
}

function robotLines(script: DialogueScript): string[] {
  return [
    ...script.openings,
    ...script.steps.map((s) => s.robot),
    ...script.topics.map((t) => t.answer),
    script.retention,
    script.silencePrompt,
    script.repeat,
    ...Object.values(script.closing),
  ]
}

function customerLines(script: DialogueScript): string[] {
  return [
    ...script.steps.flatMap((s) => (s.replies ? [...s.replies.good, ...s.replies.fair, ...s.replies.bad] : [])),
    ...script.topics.flatMap((t) => t.questions),
    ...script.agree,
    ...script.hesitate,
    ...script.decline,
  ]
}

export interface VoicedText {
  voice: string
  text: string
}

/** Every (voice, text) pair the simulator may play: the voice bank must hold exactly these. */
export function allVoicedTexts(): VoicedText[] {
  const robot = new Set(SCRIPTS.flatMap(robotLines))
  const customer = new Set([...Object.values(COMMON_REPLIES).flat(), ...SCRIPTS.flatMap(customerLines)])
  const operator = new Set(Object.values(OPERATOR_ANNOUNCEMENTS))
  return [
    ...[...robot].map((text) => ({ voice: ROBOT_VOICE, text })),
    ...CUSTOMER_VOICES.flatMap((voice) => [...customer].map((text) => ({ voice, text }))),
    ...[...operator].map((text) => ({ voice: OPERATOR_VOICE, text })),
  ]
}
