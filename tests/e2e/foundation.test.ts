// The whole path in a real browser: renderer → bridge → main-process services → API client →
// simulated server, on demo data and with an account, with the failures a reviewer can meet.
import { describe, expect, it } from 'vitest'
import { METHOD_NAMES } from '../../shared/ipc/channels'
import { openTaskById, useStack } from './harness'

const stack = useStack()
const openCalls = (jobId: number | string) => openTaskById(stack.page, jobId)

describe('foundation in the browser', () => {
  it('starts on demo data, labelled 演示数据, and lists a task’s first page of calls', async () => {
    const { page, sim, host } = stack
    await page.goto(host.url)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('演示数据')

    const job = sim.dataset.jobs[0]!
    const total = sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId).length
    await openCalls(job.robotCallJobId)
    const list = page.getByRole('listbox', { name: '通话列表' })
    await list.waitFor()
    // The list is virtualized: the rows in view are in the page, and each says how many there are.
    await list.getByRole('option').first().waitFor()
    expect(await list.getByRole('option').first().getAttribute('aria-setsize')).toBe(String(Math.min(50, total)))
    expect(await page.getByTestId('calls-total').textContent()).toBe(`共 ${total} 通`)
    // Labels are in Chinese: some row shows a Chinese result status.
    expect(await list.textContent()).toMatch(/已接听|未接|占线|关机|拒接|空号/)
  })

  it('runs under the strict CSP with only the contract’s functions (and its event subscription) on window', async () => {
    const { page } = stack
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const bridge = await page.evaluate(() =>
      Object.entries(window.callReviewBridge ?? {}).map(([name, value]) => `${name}:${typeof value}`),
    )
    expect(bridge.sort()).toEqual([...METHOD_NAMES, 'on'].map((n) => `${n}:function`).sort())
    // An inline script injected at run time is refused by the policy.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__inlineRan = true'
      document.body.appendChild(script)
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
    })
    expect(ran).toBe(false)
    expect(stack.pageErrors.filter((e) => !/Content Security Policy/.test(e)), stack.pageErrors.join('\n')).toEqual([])
  })

  it('says clearly when the task id is not a number', async () => {
    const { page } = stack
    await openCalls('abc')
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('请输入正整数任务 ID')
    expect(await page.getByRole('listbox', { name: '任务列表' }).isVisible()).toBe(true)
  })

  it('reports wrong credentials from test connection, and connects with the right ones', async () => {
    const { page, sim } = stack
    await page.getByRole('button', { name: '设置' }).click()
    await page.getByTestId('secret-protection').waitFor()
    expect(await page.getByTestId('secret-protection').textContent()).toContain('未受系统保护')

    await page.getByLabel('接口地址').fill(sim.url)
    await page.getByLabel('appKey').fill('demo')
    await page.getByLabel('appSecret').fill('not-the-secret')
    await page.getByLabel('tenantSign').fill('demo')
    await page.getByRole('button', { name: '测试连接' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/验证失败.*401/)
    expect(await page.content()).not.toContain('not-the-secret<')

    await page.getByLabel('appSecret').fill('demo-secret')
    await page.getByRole('button', { name: '测试连接' }).click()
    await expect.poll(() => page.getByTestId('test-result').textContent()).toMatch(/连接成功.*共 \d+ 个任务/)

    await page.getByRole('button', { name: '保存凭据' }).click()
    await expect.poll(() => page.getByTestId('credentials-state').textContent()).toMatch(/已配置/)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('已连接账号')
    // The secret field is emptied and never filled back in.
    expect(await page.getByLabel('appSecret').inputValue()).toBe('')

    await page.getByRole('button', { name: '返回' }).click()
    await openCalls(sim.dataset.jobs[1]!.robotCallJobId)
    await page.getByRole('listbox', { name: '通话列表' }).waitFor()
  })

  it('never sends saved credentials to another address, says so, and uses them again at their own', async () => {
    const { page, sim } = stack
    await page.getByRole('button', { name: '设置' }).click()
    const address = page.getByLabel('接口地址')
    await address.fill('http://127.0.0.1:1')
    await page.getByRole('button', { name: '保存设置' }).click()
    const warning = page.getByTestId('credentials-other-address')
    await expect.poll(() => warning.textContent()).toContain(new URL(sim.url).origin)
    expect(await page.getByTestId('credentials-state').textContent()).toMatch(/未配置/)
    // A plain-http address elsewhere is refused outright, in the reviewer's language.
    await address.fill('http://crm.tanyibot.com')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('必须使用 https'))
    await address.fill(sim.url)
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByTestId('credentials-state').textContent()).toMatch(/已配置/)
    expect(await warning.count()).toBe(0)
    await page.getByRole('button', { name: '返回' }).click()
    await openCalls(sim.dataset.jobs[1]!.robotCallJobId)
    await page.getByRole('listbox', { name: '通话列表' }).waitFor()
  })

  it('switches the interface to English and back', async () => {
    const { page } = stack
    await page.getByLabel('语言').selectOption('en')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Call Review Workstation')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.getByLabel('Language').selectOption('zh-CN')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('通话复核工作台')
  })

  it('shows a clear error when the server is down', async () => {
    const { page, sim } = stack
    await sim.close()
    await openCalls(sim.dataset.jobs[0]!.robotCallJobId)
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toMatch(/连接被拒绝/)
  })
})
