// Phone numbers masked the way Chinese services print them, in the list, the call and exports.
import { describe, expect, it } from 'vitest'
import { maskPhone } from '../../shared/phone-mask'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('phone-mask')

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['86 13812345678', '86 138****5678'],
    ['021-12345678', '021****5678'],
    ['0571 8888 1234', '057*****1234'],
    ['12345678', '12****78'],
    ['95588', '***88'],
    ['10', '10'],
    ['', ''],
    ['未知号码', '未知号码'],
    ['138abc5678', '138abc5678'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked)
  })
})

describe('the export', () => {
  it('masks phone numbers by default and shows them whole when the setting is off', async () => {
    const sim = await startSimulator({ port: 0, seed: 4 })
    const services = createBrowserServices({
      profileDir: tempDir(),
      startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
    })
    try {
      const { handlers } = services
      const job = (await handlers.listJobs({ pageNum: 1, pageSize: 20 })).content.find((j) => j.status === 'COMPLETED')!
      const call = (await handlers.listCalls({ robotCallJobId: job.robotCallJobId, pageNum: 1, pageSize: 5 })).page.content[0]!
      const phone = call.calledPhoneNumber!
      expect(phone).toMatch(/^\d{11}$/)
      await handlers.saveGrade({ robotCallJobId: job.robotCallJobId, callRecordId: call.callRecordId, realIntentLevel: 'A', note: '' })
      const csv = async () => Buffer.from((await handlers.exportGrades({ robotCallJobId: job.robotCallJobId, format: 'csv', language: 'zh-CN' })).base64, 'base64').toString('utf8')

      expect((await handlers.getSettings(undefined)).maskPhoneNumbers).toBe(true)
      const masked = await csv()
      expect(masked).toContain(maskPhone(phone))
      expect(masked).not.toContain(phone)

      await handlers.updateSettings({ maskPhoneNumbers: false })
      expect(await csv()).toContain(phone)
    } finally {
      await services.close()
      await sim.close()
    }
  })
})
