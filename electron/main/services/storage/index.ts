// Storage: the primitives every feature keeps its data with. Key-value stores (electron-store in
// the app, conf elsewhere) opened through a factory, files written durably, damaged files set
// aside, secrets encrypted at rest, and the profile's layout. Imports nothing of the features.
export {
  appendDurable,
  ensureDirDurable,
  listNames,
  parseSetAsideName,
  setAside,
  syncDir,
  timestampForFileName,
  writeFileDurable,
  type SetAsideName,
} from './durable-fs'
export { createLocalCipher } from './local-cipher'
export { type KeyValueStore, type SecretCipher, type StoreFactory } from './ports'
export { profilePaths } from './profile'
export { readOnlyStores, storeFileReader, type StoreReader } from './store-file'
export { openRecovering, storeRecoveryMessage, type StoreRecovery } from './store-recovery'
