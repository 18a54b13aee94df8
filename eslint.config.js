import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import layers from './eslint-rules/layers.js'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', '.cache/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    // TypeScript (vue-tsc) already checks names; this rule does not know TS types.
    rules: { 'no-undef': 'off' },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { layers },
    rules: {
      'layers/allowed-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/no-v-html': 'error',
    },
  },
  {
    files: ['renderer/**', 'scripts/lib/page-bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Components render and emit: the bridge is reached only through a store (renderer/src/stores/).
    files: ['renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)api(\\.ts)?$', message: 'A component may not call the bridge: put the call in a store.' },
            {
              regex: '/shared/ipc/(contract|channels)$',
              importNames: ['createApi', 'BRIDGE_GLOBAL'],
              message: 'A component may not reach the bridge: put the call in a store.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'callReviewBridge', message: 'A component may not reach the bridge: put the call in a store.' },
      ],
    },
  },
  {
    // shared/ runs in every process: no DOM or Node globals either.
    files: ['shared/**'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
)
