// Credentials at rest, encrypted with Electron's asynchronous safeStorage API.
import { safeStorage } from 'electron'
import type { SecretCipher } from './services/storage'

export function createSafeStorageCipher(): SecretCipher {
  return {
    async encrypt(plain) {
      return (await safeStorage.encryptStringAsync(plain)).toString('base64')
    },
    async decrypt(ciphertext) {
      return (await safeStorage.decryptStringAsync(Buffer.from(ciphertext, 'base64'))).result
    },
    async protection() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable'
      // Without a keyring Linux falls back to a hard-coded key: say so rather than pretend.
      if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text'
      return 'system'
    },
  }
}
