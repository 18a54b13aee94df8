// ESLint rule `layers/allowed-imports`: each layer imports only the layers below it.
//   shared/                    → shared, zod
//   electron/main/services/    → shared, services, Node built-ins, packages (never electron)
//   electron/main/*.ts (glue)  → shared, services, glue, electron, electron-store, Node built-ins
//   electron/preload/          → shared, electron (sandboxed: no Node built-ins)
//   renderer/                  → shared, renderer, browser packages (vue, pinia, howler)
// scripts/ and tests/ may import anything.
import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const ELECTRON_PACKAGES = new Set(['electron', 'electron-store'])
const BROWSER_PACKAGES = new Set(['vue', 'pinia', 'howler'])

function layerOf(file) {
  const rel = relative(ROOT, file).split(sep).join('/')
  if (rel.startsWith('shared/')) return 'shared'
  if (rel.startsWith('electron/main/services/')) return 'services'
  if (rel.startsWith('electron/main/')) return 'glue'
  if (rel.startsWith('electron/preload/')) return 'preload'
  if (rel.startsWith('renderer/')) return 'renderer'
  return null
}

function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const RULES = {
  shared: { layers: ['shared'], allow: (pkg) => pkg === 'zod' },
  services: {
    layers: ['shared', 'services'],
    allow: (pkg) => !ELECTRON_PACKAGES.has(pkg) && !BROWSER_PACKAGES.has(pkg),
  },
  glue: { layers: ['shared', 'services', 'glue'], allow: (pkg) => !BROWSER_PACKAGES.has(pkg) },
  preload: { layers: ['shared', 'preload'], allow: (pkg) => pkg === 'electron' },
  renderer: {
    layers: ['shared', 'renderer'],
    allow: (pkg) => !BUILTINS.has(pkg) && !ELECTRON_PACKAGES.has(pkg) && !pkg.startsWith('node:'),
  },
}

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer map: each layer imports only the layers below it.' },
    schema: [],
    messages: {
      layer: '{{from}} may not import {{what}} (layer {{to}}).',
      pkg: '{{from}} may not import the package "{{what}}".',
    },
  },
  create(context) {
    const file = context.filename
    const from = layerOf(file)
    if (!from) return {}
    const rule = RULES[from]

    function check(node, specifier) {
      if (typeof specifier !== 'string') return
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier)
        const to = layerOf(target) ?? relative(ROOT, target).split(sep)[0]
        if (!rule.layers.includes(to)) context.report({ node, messageId: 'layer', data: { from, what: specifier, to } })
        return
      }
      const pkg = packageName(specifier)
      const allowed = BUILTINS.has(pkg) ? rule.allow(pkg) && from !== 'shared' && from !== 'preload' : rule.allow(pkg)
      if (!allowed) context.report({ node, messageId: 'pkg', data: { from, what: specifier } })
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
