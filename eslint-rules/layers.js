// ESLint rule `layers/allowed-imports`: each layer imports only the layers below it.
//   shared/                           → shared, zod
//   electron/main/services/storage/   → shared, storage, Node built-ins, packages
//   electron/main/services/<feature>/ → shared, storage, its own folder, other features through
//                                        their index.ts only, Node built-ins, packages
//   electron/main/services/root/      → shared, storage, features (through their index.ts), root
//   electron/simulator/ (the demo)    → shared, storage and features (index.ts), the demo itself
//   electron/main/*.ts (glue)         → shared, root, storage and features (index.ts), the demo,
//                                        glue, electron, electron-store, Node built-ins
//   electron/preload/                 → shared, electron (sandboxed: no Node built-ins)
//   renderer/                         → shared, renderer, browser packages (vue, pinia, howler)
// Nothing under electron/main/services/ imports electron. scripts/ and tests/ may import anything.
import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const SERVICES = 'electron/main/services/'
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const ELECTRON_PACKAGES = new Set(['electron', 'electron-store'])
const BROWSER_PACKAGES = new Set(['vue', 'pinia', 'howler'])

const toPosix = (path) => relative(ROOT, path).split(sep).join('/')

/** The layer of a file, and for a feature its name. */
function placeOf(file) {
  const rel = toPosix(file)
  if (rel.startsWith('shared/')) return { layer: 'shared' }
  if (rel.startsWith(SERVICES)) {
    const [folder, ...rest] = rel.slice(SERVICES.length).split('/')
    // A file straight in services/ belongs to no feature; a bare folder name is that folder's index.
    if (rest.length === 0 && /\.[jt]s$/.test(folder)) return { layer: 'feature', feature: null }
    if (folder === 'storage') return { layer: 'storage' }
    if (folder === 'root') return { layer: 'root' }
    return { layer: 'feature', feature: folder }
  }
  if (rel === 'electron/simulator' || rel.startsWith('electron/simulator/')) return { layer: 'demo' }
  if (rel.startsWith('electron/main/')) return { layer: 'glue' }
  if (rel.startsWith('electron/preload/')) return { layer: 'preload' }
  if (rel.startsWith('renderer/')) return { layer: 'renderer' }
  return null
}

/** Whether a path inside the services names a folder's index (the folder itself or its index.ts). */
function isIndex(target) {
  const rel = toPosix(target)
  if (!rel.startsWith(SERVICES)) return false
  const parts = rel.slice(SERVICES.length).replace(/\.(ts|js)$/, '').split('/')
  return parts.length === 1 || (parts.length === 2 && parts[1] === 'index')
}

function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const notElectronOrBrowser = (pkg) => !ELECTRON_PACKAGES.has(pkg) && !BROWSER_PACKAGES.has(pkg)

const RULES = {
  shared: { layers: ['shared'], allow: (pkg) => pkg === 'zod' },
  storage: { layers: ['shared', 'storage'], allow: notElectronOrBrowser },
  feature: { layers: ['shared', 'storage', 'feature'], allow: notElectronOrBrowser },
  root: { layers: ['shared', 'storage', 'feature', 'root'], allow: notElectronOrBrowser },
  demo: { layers: ['shared', 'storage', 'feature', 'demo'], allow: notElectronOrBrowser },
  glue: { layers: ['shared', 'storage', 'feature', 'root', 'demo', 'glue'], allow: (pkg) => !BROWSER_PACKAGES.has(pkg) },
  preload: { layers: ['shared', 'preload'], allow: (pkg) => pkg === 'electron' },
  renderer: {
    layers: ['shared', 'renderer'],
    allow: (pkg) => !BUILTINS.has(pkg) && !ELECTRON_PACKAGES.has(pkg) && !pkg.startsWith('node:'),
  },
}

/** Layers entered only through a folder's index.ts from outside that folder. */
const BY_INDEX = new Set(['storage', 'feature', 'root'])

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer map: each layer imports only the layers below it.' },
    schema: [],
    messages: {
      layer: '{{from}} may not import {{what}} (layer {{to}}).',
      index: '{{from}} may reach {{what}} only through its folder’s index.ts.',
      pkg: '{{from}} may not import the package "{{what}}".',
    },
  },
  create(context) {
    const file = context.filename
    const from = placeOf(file)
    if (!from) return {}
    const rule = RULES[from.layer]
    const fromFolder = toPosix(dirname(file))

    function check(node, specifier) {
      if (typeof specifier !== 'string') return
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier)
        const to = placeOf(target)
        const toLayer = to?.layer ?? toPosix(target).split('/')[0]
        if (!rule.layers.includes(toLayer)) {
          context.report({ node, messageId: 'layer', data: { from: from.layer, what: specifier, to: toLayer } })
          return
        }
        // Another folder's insides are its own: from outside, only its index.ts.
        const sameFolder = toPosix(dirname(target)) === fromFolder
        const sameFeature = from.layer === 'feature' && to?.layer === 'feature' && from.feature === to.feature
        const sameLayerFolder = from.layer === to?.layer && from.layer !== 'feature'
        if (BY_INDEX.has(toLayer) && !sameFolder && !sameFeature && !sameLayerFolder && !isIndex(target)) {
          context.report({ node, messageId: 'index', data: { from: from.layer, what: specifier } })
        }
        return
      }
      const pkg = packageName(specifier)
      const allowed = BUILTINS.has(pkg) ? rule.allow(pkg) && from.layer !== 'shared' && from.layer !== 'preload' : rule.allow(pkg)
      if (!allowed) context.report({ node, messageId: 'pkg', data: { from: from.layer, what: specifier } })
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value)
        }
      },
    }
  },
}

export default { rules: { 'allowed-imports': allowedImports } }
