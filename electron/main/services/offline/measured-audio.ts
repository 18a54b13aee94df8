// AudioService.prepare as the downloader needs it: the size of the recording on disk counts
// as the bytes made available offline.
import { stat } from 'node:fs/promises'
import type { AudioTrack } from '../../../../shared/ipc/contract'
import type { AudioService } from '../audio'
import type { Id } from '../../../../shared/ids'

export function prepareAudioMeasured(audio: Pick<AudioService, 'localFile'>) {
  return async (callRecordId: Id, track: AudioTrack): Promise<{ bytes: number }> => {
    // localFile prepares (downloads and measures) the track first.
    const file = await audio.localFile(callRecordId, track)
    return { bytes: (await stat(file)).size }
  }
}
