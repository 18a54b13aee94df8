// Injected failures: the rules tests arm, and the odd answers they produce (a gateway's HTML
// page, a 60 MB body).
import { STATUS_CODES, type ServerResponse } from 'node:http'
import { newRequestId } from './envelope'
import type { FaultRule, FaultTarget } from './types'

export type RequestTarget = Exclude<FaultTarget, 'any'>

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
