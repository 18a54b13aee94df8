// The customer's custom properties (customerPerson.properties) are the tenant's own: keys it chose
// when uploading its customer list, most often in Chinese. The platform documents none by name (its
// one example is {"ss": "test"}), so these are the ones the app knows, the keys the demo tenant
// uploads (electron/simulator/people.ts), given an English label. Any other key is shown as it
// comes, in both languages; values are the tenant's data and are never translated.
import type { Bilingual, Language } from '../../shared/enums'

export const PROPERTY_LABELS: Readonly<Record<string, Bilingual>> = {
  来源: { 'zh-CN': '来源', en: 'Source' },
  城市: { 'zh-CN': '城市', en: 'City' },
  预算: { 'zh-CN': '预算', en: 'Budget' },
  卡号尾号: { 'zh-CN': '卡号尾号', en: 'Card ending' },
  账单金额: { 'zh-CN': '账单金额', en: 'Bill amount' },
  套餐: { 'zh-CN': '套餐', en: 'Plan' },
  安装师傅: { 'zh-CN': '安装师傅', en: 'Installer' },
}

/** A property's label in the interface language: the known ones translated, any other key as it is. */
export function propertyLabel(key: string, language: Language): string {
  return Object.hasOwn(PROPERTY_LABELS, key) ? PROPERTY_LABELS[key]![language] : key
}
