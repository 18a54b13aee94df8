// Downloads one recording to a file: deadline, size cap, and an atomic rename so a half
// downloaded file is never taken for a recording.
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Bilingual } from '../../../../shared/enums'
import { AppError } from '../../../../shared/errors'
import { withDeadline, type FetchLike } from '../api'

export function brokenRecordingError(reason: Bilingual, status?: number): AppError {
  return new AppError(
    'broken-recording',
    { 'zh-CN': `录音无法播放：${reason['zh-CN']}`, en: `The recording cannot be played: ${reason.en}` },
    { status },
  )
}

export async function downloadToFile(
  url: string,
  destination: string,
  options: { timeoutMs: number; maxBytes: number; fetch?: FetchLike },
): Promise<number> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw brokenRecordingError({ 'zh-CN': '录音地址无效', en: 'the recording address is invalid' })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw brokenRecordingError({ 'zh-CN': '录音地址不是 http(s) 地址', en: 'the recording address is not http(s)' })
  }
  const partial = `${destination}.${randomUUID()}.part`
  const removePartial = () => rm(partial, { force: true })
  return withDeadline(options.timeoutMs, parsed.origin, async (controller) => {
    const response = await (options.fetch ?? fetch)(url, { signal: controller.signal, redirect: 'follow' })
    if (!response.ok || !response.body) {
      throw brokenRecordingError(
        { 'zh-CN': `服务器返回 HTTP ${response.status}`, en: `the server answered HTTP ${response.status}` },
        response.status,
      )
    }
    await mkdir(dirname(destination), { recursive: true })
    let received = 0
    const capped = Readable.fromWeb(response.body as never).map((chunk: Buffer) => {
      received += chunk.length
      if (received > options.maxBytes) {
        throw brokenRecordingError({ 'zh-CN': '录音文件过大', en: 'the recording file is too large' })
      }
      return chunk
    })
    await pipeline(capped, createWriteStream(partial))
    await rename(partial, destination)
    return received
  }, removePartial)
}
