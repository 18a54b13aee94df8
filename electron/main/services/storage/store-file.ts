// Reading a store's file directly: one read and one parse, where opening an electron-store (or
// conf) instance reads and parses it twice and compares two copies. For reading many stores at
// once (a large task's cache); every write still goes through the store itself.
import { readFileSync } from 'node:fs'
import type { StoreFactory } from './ports'

/** A store's whole content, or undefined when it has no file yet. Throws when the file is damaged. */
export type StoreReader = (name: string) => Record<string, unknown> | undefined

/** `fileOf` says where a named store keeps its file, as the store library lays it out. */
export function storeFileReader(fileOf: (name: string) => string): StoreReader {
  return (name) => {
    let text: string
    try {
      text = readFileSync(fileOf(name), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    const content: unknown = JSON.parse(text)
    if (!content || typeof content !== 'object' || Array.isArray(content)) throw new Error(`store ${name} does not hold an object`)
    return content as Record<string, unknown>
  }
}

/** Stores read from their files and never written: what a read-only reader (the CLI export) opens. */
export function readOnlyStores(fileOf: (name: string) => string): StoreFactory {
  const read = storeFileReader(fileOf)
  return (name) => {
    const content = read(name) ?? {}
    const refuse = () => {
      throw new Error(`store ${name} is open read-only`)
    }
    return { get: (key) => content[key], set: refuse, delete: refuse }
  }
}
