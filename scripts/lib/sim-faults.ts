// Injected failures, test equipment kept out of the app: the rules tests arm, and the odd
// answers they produce (a gateway's HTML page, a 60 MB body, a reset, a hang).
import { STATUS_CODES, type ServerResponse } from 'node:http'
import { envelope, jsonAnswer, newRequestId, type InterceptedRequest, type InterceptOutcome, type RequestTarget } from '../../electron/simulator'

export type FaultTarget = RequestTarget | 'any'
export type FaultKind = 'code' | 'http-status' | 'html' | 'truncated-json' | 'hang' | 'reset' | 'latency' | 'huge' | 'answer'

export interface FaultRule {
  /** Which requests it affects; default 'any' (every request, recordings included). */
  target?: FaultTarget
  kind: FaultKind
  /** 'code': the envelope code (default 500). */
  code?: number
  /** 'http-status' (default 500) and 'html' (default 502): the HTTP status. */
  status?: number
  /** 'latency': the delay (default 1000). */
  latencyMs?: number
  /** 'answer': the JSON body answered instead, as it is (a server that answers otherwise: one
   *  that ignores a filter, or carries values nobody documented). */
  body?: unknown
  /** How many matching requests it affects; default unlimited until cleared. */
  times?: number
}

export class FaultBook {
  private rules: { rule: FaultRule; left: number }[] = []

  add(rule: FaultRule): void {
    this.rules.push({ rule: { ...rule }, left: rule.times ?? Infinity })
  }

  clear(): void {
    this.rules = []
  }

  /** The first armed rule for this request, counting one use of it. */
  take(target: RequestTarget | undefined): FaultRule | undefined {
    const entry = this.rules.find(({ rule }) => (rule.target ?? 'any') === 'any' || rule.target === target)
    if (!entry) return undefined
    entry.left--
    if (entry.left <= 0) this.rules = this.rules.filter((r) => r !== entry)
    return entry.rule
  }
}

/** What nginx answers when the application behind it fails. */
export function nginxErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.20.1</center>\r\n</body>\r\n</html>\r\n`
}

export const HUGE_BODY_BYTES = 60 * 1024 * 1024

/** Streams a ~60 MB JSON envelope, with back-pressure, stopping if the client goes away. */
export async function streamHugeAnswer(res: ServerResponse): Promise<void> {
  const item = JSON.stringify({
    callRecordId: 1,
    calledPhoneNumber: '13800000000',
    resultStatus: 'ANSWERED',
    intentLevel: 'C',
    analysisBasis: '数据'.repeat(200),
    callDetailList: [{ callDetailId: 1, type: 'ROBOT', text: '您好'.repeat(100) }],
  })
  const perChunk = Math.max(1, Math.floor(65_536 / (item.length + 1)))
  const chunk = Buffer.from(Array.from({ length: perChunk }, () => item).join(',') + ',', 'utf8')
  res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' })
  res.write('{"code":200,"data":{"number":1,"pageSize":100,"totalElements":999999,"pages":10000,"content":[')
  for (let sent = 0; sent < HUGE_BODY_BYTES && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done)
          res.off('close', done)
          resolve()
        }
        res.on('drain', done)
        res.on('close', done)
      })
    }
  }
  if (!res.destroyed) res.end(`${item}]},"requestId":"${newRequestId()}","resultMsg":"获取成功","errorStackTrace":null}`)
}

/** The simulator's `intercept`: answers a request the way the first armed rule says. */
export function interceptWithFaults(faults: FaultBook) {
  return async (request: InterceptedRequest): Promise<InterceptOutcome> => {
    const { req, res, entry } = request
    const fault = faults.take(request.target)
    switch (fault?.kind) {
      case undefined:
        return 'continue'
      case 'hang':
        request.holdOpen()
        return 'answered'
      case 'reset':
        req.socket.resetAndDestroy()
        return 'answered'
      case 'huge':
        entry.status = 200
        entry.code = 200
        await streamHugeAnswer(res)
        return 'answered'
      case 'latency':
        await request.delay(fault.latencyMs ?? 1000)
        return 'continue'
      case 'truncated-json':
        return 'cut-short'
      case 'code':
        request.send(jsonAnswer(envelope(fault.code ?? 500)))
        return 'answered'
      case 'http-status':
        request.send(jsonAnswer(envelope(fault.status ?? 500), fault.status ?? 500))
        return 'answered'
      case 'answer': {
        const body = Buffer.from(JSON.stringify(fault.body ?? null), 'utf8')
        const code = (fault.body as { code?: unknown } | null)?.code
        request.send({ status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body, code: typeof code === 'number' ? code : undefined })
        return 'answered'
      }
      case 'html': {
        const status = fault.status ?? 502
        const page = Buffer.from(nginxErrorPage(status), 'utf8')
        request.send({ status, headers: { 'Content-Type': 'text/html', Server: 'nginx/1.20.1' }, body: page })
        return 'answered'
      }
    }
  }
}
