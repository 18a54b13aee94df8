// Maps a URL path to a file inside the built renderer, refusing anything outside it.
import { readFile, realpath } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
}

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** The file for a URL path under root, or null for traversal attempts. '/' is index.html. */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = resolve(root)
  const full = resolve(base, relative)
  return full === base || full.startsWith(base + sep) ? full : null
}

/**
 * Reads the file a URL path names under root, or null when there is none or it lies outside
 * root once symlinks are resolved (a link in the build pointing elsewhere serves nothing). Both
 * sides are resolved, so a root reached through a link still serves its own files.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<{ file: string; body: Buffer<ArrayBuffer> } | null> {
  const named = resolveStaticFile(root, urlPath)
  if (!named) return null
  try {
    const [realRoot, file] = await Promise.all([realpath(root), realpath(named)])
    if (!file.startsWith(realRoot + sep)) return null
    return { file, body: await readFile(file) }
  } catch {
    // Missing, a folder, unreadable: not found, whatever the reason.
    return null
  }
}
