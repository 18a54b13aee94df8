// The application menu, our own in both interface languages: edit roles without Electron's undo
// (which would swallow Ctrl+Z: undo here is the page's, the last grade outside a text field and the
// text inside one), zoom, the keyboard help, the log folder (for a support request) and "about".
// Packaged builds have no reload and no developer tools.
import type { MenuItemConstructorOptions } from 'electron'
import type { Language } from '../../shared/enums'
import type { MenuCommand } from '../../shared/ipc/contract'

export interface MenuOptions {
  language: Language
  packaged: boolean
  platform: NodeJS.Platform
  /** Hands a command to the page (the contract's menu event). */
  send: (command: MenuCommand) => void
  about: () => void
  /** Shows the folder of main's log file in the system's file manager. */
  openLogFolder: () => void
}

const LABELS = {
  'zh-CN': {
    edit: '编辑', undo: '撤销', redo: '重做', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选',
    view: '视图', zoomIn: '放大', zoomOut: '缩小', resetZoom: '实际大小', fullscreen: '全屏', reload: '重新载入（开发）', devTools: '开发者工具（开发）',
    help: '帮助', keys: '键盘快捷键', logs: '打开日志文件夹', about: '关于通话复核工作台', quit: '退出', window: '窗口', minimize: '最小化', close: '关闭窗口',
  },
  en: {
    edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    view: 'View', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', resetZoom: 'Actual Size', fullscreen: 'Full Screen', reload: 'Reload (development)', devTools: 'Developer Tools (development)',
    help: 'Help', keys: 'Keyboard Shortcuts', logs: 'Open Log Folder', about: 'About Call Review Workstation', quit: 'Quit', window: 'Window', minimize: 'Minimize', close: 'Close Window',
  },
} as const

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const l = LABELS[options.language]
  const mac = options.platform === 'darwin'
  const view: MenuItemConstructorOptions[] = [
    { label: l.zoomIn, role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
    { label: l.zoomOut, role: 'zoomOut' },
    { label: l.resetZoom, role: 'resetZoom' },
    { type: 'separator' },
    { label: l.fullscreen, role: 'togglefullscreen' },
  ]
  if (!options.packaged) view.push({ type: 'separator' }, { label: l.reload, role: 'reload' }, { label: l.devTools, role: 'toggleDevTools' })
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: l.edit,
      submenu: [
        { label: l.undo, accelerator: 'CmdOrCtrl+Z', click: () => options.send('undo') },
        { label: l.redo, accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Y', click: () => options.send('redo') },
        { type: 'separator' },
        { label: l.cut, role: 'cut' },
        { label: l.copy, role: 'copy' },
        { label: l.paste, role: 'paste' },
        { label: l.selectAll, role: 'selectAll' },
      ],
    },
    { label: l.view, submenu: view },
    { label: l.window, submenu: [{ label: l.minimize, role: 'minimize' }, { label: l.close, role: 'close' }, ...(mac ? [] : [{ label: l.quit, role: 'quit' as const }])] },
    {
      label: l.help,
      role: 'help',
      submenu: [
        // "?" itself stays the page's key; the menu shows where the map is.
        { label: l.keys, click: () => options.send('help') },
        { label: l.logs, click: () => options.openLogFolder() },
        { type: 'separator' },
        { label: l.about, click: () => options.about() },
      ],
    },
  ]
}
