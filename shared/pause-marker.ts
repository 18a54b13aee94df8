// The platform writes pauses into robot lines as "（停顿2s）"; the recording holds real silence
// there while the transcript keeps the marker text.

export type SpokenPart = { kind: 'speech'; text: string } | { kind: 'pause'; seconds: number }

const PAUSE_MARKER = /[（(]\s*停顿\s*(\d+(?:\.\d+)?)\s*(?:s|秒)\s*[）)]/g

export function splitAtPauses(text: string): SpokenPart[] {
  const parts: SpokenPart[] = []
  let last = 0
  for (const match of text.matchAll(PAUSE_MARKER)) {
    const before = text.slice(last, match.index).replace(/^[，,\s]+|[，,\s]+$/g, '')
    if (before) parts.push({ kind: 'speech', text: before })
    parts.push({ kind: 'pause', seconds: Number(match[1]) })
    last = match.index + match[0].length
  }
  const rest = text.slice(last).replace(/^[，,\s]+/, '')
  if (rest) parts.push({ kind: 'speech', text: rest })
  return parts
}
