// What the settings service needs from its host. Electron's glue supplies electron-store and
// safeStorage; tests and the browser setup supply `conf` and a local cipher.
import type { SecretProtection } from '../../../../shared/ipc/contract'

/** The subset of electron-store (and conf) the services use. */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

/** Encrypts secrets at rest; ciphertexts are base64 strings. */
export interface SecretCipher {
  encrypt(plain: string): Promise<string>
  decrypt(ciphertext: string): Promise<string>
  protection(): Promise<SecretProtection>
}

/** Opens (creating when missing) a named store: one file each, so one write stays small. */
export type StoreFactory = (name: string) => KeyValueStore
