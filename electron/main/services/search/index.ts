// The transcript search feature: what the rest of the main process may use of it.
export { type TranscriptSearch } from './transcript-search'
export { createTranscriptSearch } from './transcript-search'
