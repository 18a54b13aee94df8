// The audio feature: what the rest of the main process may use of it.
export { type AudioService, type RecordingUrls } from './audio-service'
export { parseRange } from './byte-range'
export { mediaPath, parseMediaPath } from './media-path'
export { encodeWav16, readWavInfo, WavFormatError, type WavInfo } from '../wav'
export { createAudioService, recordingFileName } from './audio-service'
export { createCacheLimiter } from './cache-limit'
