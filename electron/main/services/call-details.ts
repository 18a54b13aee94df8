// Call details fetched from the API, remembered for the session so the audio service can find
// a call's recording URLs without asking the server again.
import type { CallDetail } from '../../../shared/api-schemas'
import type { ConnectionManager } from './connection'
import type { RecordingUrls } from './audio/audio-service'

const REMEMBERED = 500

export interface CallDetails {
  fetch(callRecordId: number): Promise<CallDetail>
  recordingUrls(callRecordId: number): Promise<RecordingUrls>
  forget(): void
}

export function createCallDetails(connection: ConnectionManager): CallDetails {
  const remembered = new Map<number, CallDetail>()

  async function fetchDetail(callRecordId: number): Promise<CallDetail> {
    const detail = await (await connection.current()).client.getCallDetail({ callRecordId })
    remembered.delete(callRecordId)
    remembered.set(callRecordId, detail)
    // Forget the oldest beyond the limit (a Map iterates in insertion order).
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value as number)
    return detail
  }

  return {
    fetch: fetchDetail,
    async recordingUrls(callRecordId) {
      const detail = remembered.get(callRecordId) ?? (await fetchDetail(callRecordId))
      return { full: detail.fullAudioUrl, customer: detail.customerAudioUrl }
    },
    forget: () => remembered.clear(),
  }
}
