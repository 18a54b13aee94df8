// The account in the browser: damaged settings said until answered, settings errors beside their
// fields, phone numbers masked, and signing out with the export offered before the data goes.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { maskPhone } from '../../shared/phone-mask'
import { DEMO_CREDENTIALS } from '../../scripts/lib/simulator'
import { openTaskById, useStack } from './harness'

// A settings file damaged before the app starts.
const profileDir = mkdtempSync(join(tmpdir(), 'e2e-account-'))
writeFileSync(join(profileDir, 'settings.json'), '{"settings": {"baseUrl": "https://crm.tanyibot.com", "lang')
afterAll(() => rmSync(profileDir, { recursive: true, force: true }))
const stack = useStack({ profileDir })

describe('the account in the browser', () => {
  it('says the settings were damaged and the demo stands in, until the reviewer answers', async () => {
    const { page, host } = stack
    await page.goto(host.url)
    const banner = page.getByTestId('settings-damaged')
    await expect.poll(() => banner.textContent()).toMatch(/设置文件已损坏，已另存为 settings\.json\.damaged-.*当前显示的是演示数据/)
    expect(await page.getByTestId('connection-state').textContent()).toBe('演示数据')
    await page.getByTestId('settings-damaged-dismiss').click()
    await expect.poll(() => banner.count()).toBe(0)
  })

  it('shows each settings error beside its field, in the reviewer’s words', async () => {
    const { page } = stack
    await page.getByRole('button', { name: '设置' }).click()
    await page.getByLabel('接口地址').fill('htp:/bad address')
    await page.getByLabel('超时（秒）').fill('0.5')
    await page.getByRole('button', { name: '保存设置' }).click()
    const address = page.locator('[data-field-error="baseUrl"]')
    await expect.poll(() => address.textContent()).toBe('不是有效的 http 或 https 网址（例如 https://openapi.tanyibot.com）')
    expect(await page.locator('[data-field-error="timeoutMs"]').textContent()).toBe('请输入 1 到 120 之间的秒数')
    expect(await page.getByLabel('接口地址').getAttribute('aria-invalid')).toBe('true')
    // No internal field names anywhere on the screen.
    expect(await page.locator('.settings-panel').textContent()).not.toMatch(/baseUrl|timeoutMs/)
    await page.getByLabel('接口地址').fill('https://crm.tanyibot.com')
    await page.getByLabel('超时（秒）').fill('15')
    await page.getByRole('button', { name: '保存设置' }).click()
    // Until main answers, the form still holds what it showed before: wait for the answer, or
    // the next test's typing is overwritten when the saved settings arrive.
    await expect.poll(() => page.getByText('已保存', { exact: true }).count()).toBe(1)
    expect(await page.locator('[data-field-error]').count()).toBe(0)
  })

  it('keeps what the reviewer types while a save is still being answered', async () => {
    const { page, services } = stack
    // main's answer to the save is held back until the reviewer has typed in another field.
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/__bridge/invoke', async (route) => {
      if (!route.request().postData()?.includes('"settings:update"')) return route.continue()
      const answer = await route.fetch()
      await released
      await route.fulfill({ response: answer })
    })
    await page.getByLabel('超时（秒）').fill('20')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => services.settings.general().timeoutMs).toBe(20_000)
    await page.getByLabel('复核人姓名').fill('王五')
    release()
    await expect.poll(() => page.getByText('已保存', { exact: true }).count()).toBe(1)
    expect(await page.getByLabel('复核人姓名').inputValue()).toBe('王五')
    expect(await page.getByLabel('超时（秒）').inputValue()).toBe('20')
    await page.unroute('**/__bridge/invoke')
    await page.getByLabel('复核人姓名').fill('')
    await page.getByLabel('超时（秒）').fill('15')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByText('已保存', { exact: true }).count()).toBe(1)
    expect(services.settings.general().timeoutMs).toBe(15_000)
    expect(services.settings.general().reviewerName).toBe('')
  })

  it('takes a proxy address, says a wrong one beside its field, and never shows its password', async () => {
    const { page, services } = stack
    const proxyField = page.getByLabel('代理服务器')
    await proxyField.fill('socks4://proxy.corp:1080')
    await page.getByRole('button', { name: '保存设置' }).click()
    const problem = page.locator('[data-field-error="proxyUrl"]')
    await expect.poll(() => problem.textContent()).toBe('不是有效的代理地址：应为 http://、https:// 或 socks5:// 加主机名和端口（例如 http://proxy.example.com:8080）；不用代理请留空')
    expect(await proxyField.getAttribute('aria-invalid')).toBe('true')
    await proxyField.fill('http://alice:s3cret@proxy.corp:8080')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => problem.count()).toBe(0)
    await expect.poll(() => proxyField.inputValue()).toBe('http://***@proxy.corp:8080')
    expect(await services.settings.proxyUrl()).toBe('http://alice:s3cret@proxy.corp:8080')
    // Saved again unchanged (another field edited): the password stays.
    await page.getByLabel('超时（秒）').fill('16')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => services.settings.general().timeoutMs).toBe(16_000)
    expect(await services.settings.proxyUrl()).toBe('http://alice:s3cret@proxy.corp:8080')
    // The demo on this computer is reached directly all the same; then no proxy again.
    expect(await page.getByTestId('connection-state').textContent()).toBe('演示数据')
    await proxyField.fill('')
    await page.getByLabel('超时（秒）').fill('15')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => services.settings.proxyUrl()).toBe('')
  })

  it('masks phone numbers in the list and the call by default, whole when the reviewer turns it off', async () => {
    const { page, sim } = stack
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!
    await page.getByRole('button', { name: '返回' }).click()
    await openTaskById(page, job.robotCallJobId)
    const list = page.getByRole('listbox', { name: '通话列表' })
    await list.getByRole('option').first().waitFor()
    const first = list.getByRole('option').first()
    const id = Number((await first.textContent())!.match(/#(\d+)/)![1])
    const phone = sim.dataset.calls.find((c) => c.callRecordId === id)!.calledPhoneNumber!
    expect(await first.textContent()).toContain(maskPhone(phone))
    expect(await list.textContent()).not.toMatch(/1\d{10}/)
    // The call's own card too.
    await first.click()
    await expect.poll(() => page.locator('.call-detail').textContent()).toContain(maskPhone(phone))
    // The detail's times come as "2018-10-02T16:54:08" (documented), the list's with a space: one form on screen.
    const listed = sim.dataset.calls.find((c) => c.callRecordId === id)!.startTime
    expect(await page.getByTestId('detail-start').textContent()).toBe(listed)
    expect(await page.getByTestId('detail-end').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)

    await page.getByRole('button', { name: '设置' }).click()
    await page.getByLabel('隐藏电话号码中间四位（列表、通话详情和导出）').uncheck()
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByText('已保存', { exact: true }).count()).toBe(1)
    await page.getByRole('button', { name: '返回' }).click()
    await expect.poll(() => list.textContent()).toContain(phone)
  })

  it('signs out only after offering the export, then removes the account’s data here', async () => {
    const { page, sim } = stack
    await page.evaluate(
      (input) => window.callReviewBridge!.saveCredentials(input),
      { ...DEMO_CREDENTIALS, baseUrl: sim.url },
    )
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!
    const call = sim.dataset.calls.find((c) => c.robotCallJobId === job.robotCallJobId)!
    await page.evaluate(
      (grade) => window.callReviewBridge!.saveGrade(grade),
      { robotCallJobId: job.robotCallJobId, callRecordId: call.callRecordId, realIntentLevel: 'C' as const, note: '' },
    )
    const scope = readdirSync(join(stack.profileDir, 'reviews')).find((name) => name.startsWith('acct-'))!
    // The page learns of credentials saved behind its back when it loads.
    await page.reload()

    await page.getByRole('button', { name: '设置' }).click()
    await page.getByTestId('sign-out').click()
    const dialog = page.getByTestId('sign-out-dialog')
    expect(await dialog.textContent()).toContain('删除前请先导出评级')
    // Deleting needs the export, or the reviewer's word that none is needed.
    expect(await page.getByTestId('sign-out-remove').isDisabled()).toBe(true)
    const download = page.waitForEvent('download')
    await page.getByTestId('sign-out-export').click()
    expect((await download).suggestedFilename()).toMatch(/^复核结果-全部任务-.*\.xlsx$/)
    await expect.poll(() => page.getByTestId('sign-out-exported').textContent()).toBe('已导出 1 条评级')
    await page.getByTestId('sign-out-remove').click()
    await expect.poll(() => page.getByTestId('signed-out').textContent()).toMatch(/已从本机删除：1 个任务的 1 条评级/)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('演示数据')
    expect(readdirSync(stack.profileDir).filter((name) => name.startsWith(`${scope}-`))).toEqual([])
    expect(readdirSync(join(stack.profileDir, 'reviews'))).not.toContain(scope)
  })

  it('tests the address typed, asks before saving credentials that fail, and says in the badge when they are refused', async () => {
    const { page, sim } = stack
    await page.reload()
    await page.getByRole('button', { name: '设置' }).click()
    // An address nobody answers at, with nothing typed: never "connected" through the demo.
    await page.getByLabel('接口地址').fill('http://127.0.0.1:9')
    await page.getByRole('button', { name: '测试连接' }).click()
    await expect.poll(() => page.locator('[data-field-error="appKey"]').textContent()).toBe('测试这个地址需要填写')
    expect(await page.getByTestId('test-result').count()).toBe(0)
    await page.getByLabel('appKey').fill('demo')
    await page.getByLabel('appSecret').fill('demo-secret')
    await page.getByLabel('tenantSign').fill('demo')
    await page.getByRole('button', { name: '测试连接' }).click()
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/无法连接到 http:\/\/127\.0\.0\.1:9/))
    expect((await page.getByRole('alert').allTextContents()).join(' ')).not.toContain('unknown')

    // Wrong credentials at the right address: asked about, not saved as if they worked.
    await page.getByLabel('接口地址').fill(sim.url)
    await page.getByLabel('appSecret').fill('wrong-secret')
    await page.getByRole('button', { name: '保存凭据' }).click()
    const asked = page.getByTestId('credentials-untested')
    await expect.poll(() => asked.textContent()).toMatch(/这些凭据没有通过测试：验证失败.*仍要保存吗/)
    // The platform's words are not said twice.
    expect(((await asked.textContent()) ?? '').match(/验证失败/g)).toHaveLength(1)
    expect(await page.getByText('已保存', { exact: true }).count()).toBe(0)
    expect(await page.getByTestId('credentials-state').textContent()).toMatch(/未配置/)
    // Saved anyway, the badge says they are refused once the server has said so.
    await page.getByTestId('save-anyway').click()
    await expect.poll(() => page.getByTestId('credentials-state').textContent()).toMatch(/已配置/)
    await page.getByRole('button', { name: '返回' }).click()
    await openTaskById(page, sim.dataset.jobs[0]!.robotCallJobId)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('凭据被拒绝')
    await page.evaluate(() => window.callReviewBridge!.signOut({ removeLocalData: false }))
  })
})
