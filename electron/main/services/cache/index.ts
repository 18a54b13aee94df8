// The cache feature: what the rest of the main process may use of it.
export { type CallCache } from './call-cache'
export { createCallCache, detailStoreName, isDetailStoreFile, recordingsOfDetailStore } from './call-cache'
