// A cipher for hosts without Electron's safeStorage (the browser setup, tests, the command line):
// AES-256-GCM under a random key kept in a file. It reports 'basic_text' because the key sits
// beside the data, so the settings screen tells the truth: not protected by the system.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SecretCipher } from './ports'

function loadKey(keyFile: string): Buffer {
  if (existsSync(keyFile)) {
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')
    if (key.length === 32) return key
  }
  const key = randomBytes(32)
  mkdirSync(dirname(keyFile), { recursive: true })
  writeFileSync(keyFile, key.toString('base64'), { mode: 0o600 })
  return key
}

export function createLocalCipher(keyFile: string): SecretCipher {
  const key = loadKey(keyFile)
  return {
    async encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
    },
    async decrypt(ciphertext) {
      const raw = Buffer.from(ciphertext, 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    },
    async protection() {
      return 'basic_text'
    },
  }
}
