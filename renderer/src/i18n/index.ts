// Translation lookup bound to the reviewer's language setting.
import { computed } from 'vue'
import type { Language } from '../../../shared/enums'
import { useSettingsStore } from '../stores/settings'
import { MESSAGES, type MessageKey } from './messages'

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const template = MESSAGES[language][key]
  return params ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : template
}

export function useI18n() {
  const settings = useSettingsStore()
  const language = computed<Language>(() => settings.language)
  const t: Translate = (key, params) => translate(language.value, key, params)
  return { t, language }
}
