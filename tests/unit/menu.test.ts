// The application menu's template: our own undo (the page's), edit roles, zoom, help and about, in
// both languages; reload and developer tools only in development builds.
import { describe, expect, it, vi } from 'vitest'
import { menuTemplate, type MenuOptions } from '../../electron/main/menu'

function items(options: Partial<MenuOptions> = {}) {
  const send = vi.fn()
  const about = vi.fn()
  const openLogFolder = vi.fn()
  const template = menuTemplate({ language: 'zh-CN', packaged: true, platform: 'linux', send, about, openLogFolder, ...options })
  const all = template.flatMap((menu) => [menu, ...(Array.isArray(menu.submenu) ? menu.submenu : [])])
  return { template, all, send, about, openLogFolder }
}

describe('application menu', () => {
  it('sends undo, redo and help to the page and shows about, in Chinese first', () => {
    const { template, all, send, about } = items()
    expect(template.map((m) => m.label)).toEqual(['编辑', '视图', '窗口', '帮助'])
    const click = (label: string) => (all.find((item) => item.label === label)!.click as () => void)()
    click('撤销')
    click('重做')
    click('键盘快捷键')
    expect(send.mock.calls).toEqual([['undo'], ['redo'], ['help']])
    click('关于通话复核工作台')
    expect(about).toHaveBeenCalledOnce()
    expect(all.find((item) => item.label === '撤销')!.accelerator).toBe('CmdOrCtrl+Z')
  })

  it('opens the log folder from the Help menu, in both languages', () => {
    for (const [language, help, label] of [
      ['zh-CN', '帮助', '打开日志文件夹'],
      ['en', 'Help', 'Open Log Folder'],
    ] as const) {
      const { template, openLogFolder, send } = items({ language })
      const submenu = template.find((menu) => menu.label === help)!.submenu as { label?: string; click?: () => void }[]
      const item = submenu.find((entry) => entry.label === label)!
      expect(item).toBeDefined()
      item.click!()
      expect(openLogFolder).toHaveBeenCalledOnce()
      expect(send).not.toHaveBeenCalled()
    }
  })

  it('never uses Electron’s own undo or redo, which would take Ctrl+Z from the page', () => {
    for (const packaged of [true, false]) expect(items({ packaged }).all.map((item) => item.role)).not.toEqual(expect.arrayContaining(['undo']))
    expect(items().all.map((item) => item.role)).not.toContain('redo')
  })

  it('has reload and developer tools in development only', () => {
    const roles = (packaged: boolean) => items({ packaged }).all.map((item) => item.role)
    expect(roles(true)).not.toEqual(expect.arrayContaining(['reload']))
    expect(roles(true)).not.toContain('toggleDevTools')
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })

  it('speaks English on request, and has the app menu on macOS', () => {
    expect(items({ language: 'en' }).template.map((m) => m.label)).toEqual(['Edit', 'View', 'Window', 'Help'])
    expect(items({ platform: 'darwin' }).template[0]).toEqual({ role: 'appMenu' })
  })
})
