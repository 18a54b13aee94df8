// electron-builder's configuration: the installers reviewers run (`npm run dist`). The package
// holds the built app (out/, everything bundled by electron-vite, so no node_modules) and the
// demo's voice bank beside it; nothing else of the repository.
import type { Configuration } from 'electron-builder'

export const PRODUCT_NAME_ZH = '通话复核工作台'
export const PRODUCT_NAME_EN = 'Call Review Workstation'
const SUMMARY_ZH = '复核 AI 外呼通话：筛选通话、听录音看对话、用键盘重新评定意向等级'
const SUMMARY_EN = 'Review AI outbound calls: filter calls, listen with a synced transcript, re-grade intent with the keyboard'
const DESCRIPTION = `${SUMMARY_ZH}。\n${SUMMARY_EN}.`

/** The Electron fuses every package ships with: no way to run it as plain Node or attach a debugger. */
export const FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const

const config: Configuration = {
  appId: 'com.callreview.workstation',
  // Electron names userData after this; the glue pins it back to APP_FOLDER (shared/app-folder.ts).
  productName: PRODUCT_NAME_ZH,
  copyright: `© ${new Date().getFullYear()} ${PRODUCT_NAME_ZH} / ${PRODUCT_NAME_EN}`,
  directories: { output: 'dist', buildResources: 'resources/icons' },
  // Chosen, not everything: electron-vite bundles main, preload and page (no dependencies at run time).
  files: ['package.json', 'out/**', '!**/*.map'],
  extraResources: [{ from: 'resources/voice', to: 'voice', filter: ['**/*'] }],
  asar: true,
  // Nothing native to rebuild, and the package carries no node_modules.
  npmRebuild: false,
  // Flipping fuses edits the binary: an unsigned arm64 Mac then needs its ad-hoc signature redone.
  electronFuses: { ...FUSES, resetAdHocDarwinSignature: true },
  // ASCII file names for the installers; the product name shows inside them.
  artifactName: '${name}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: ['AppImage', 'deb'],
    executableName: 'call-review-workstation',
    // The .desktop file named as package.json's desktopName, which Electron uses as the window's
    // app id (WM_CLASS): the desktop then groups the running window under the launcher's icon.
    syncDesktopName: true,
    icon: 'resources/icons',
    category: 'Office',
    synopsis: `${PRODUCT_NAME_ZH} · ${PRODUCT_NAME_EN}`,
    description: DESCRIPTION,
    maintainer: 'Call Review Workstation <call-review-workstation@users.noreply.github.com>',
    desktop: {
      entry: {
        Name: PRODUCT_NAME_ZH,
        'Name[zh_CN]': PRODUCT_NAME_ZH,
        'Name[en]': PRODUCT_NAME_EN,
        'Comment[zh_CN]': SUMMARY_ZH,
        'Comment[en]': SUMMARY_EN,
      },
    },
  },
  deb: { packageName: 'call-review-workstation', priority: 'optional' },
  appImage: { artifactName: '${name}-${version}-${arch}.${ext}' },
  win: {
    target: ['nsis'],
    executableName: 'call-review-workstation',
    icon: 'resources/icons/icon.ico',
  },
  nsis: {
    // Per user, no administrator: a reviewer installs it on their own account.
    oneClick: false,
    perMachine: false,
    allowElevation: false,
    allowToChangeInstallationDirectory: true,
    multiLanguageInstaller: true,
    installerLanguages: ['zh_CN', 'en_US'],
    language: '2052',
    displayLanguageSelector: false,
    shortcutName: PRODUCT_NAME_ZH,
    uninstallDisplayName: `${PRODUCT_NAME_ZH} (${PRODUCT_NAME_EN})`,
    // Grades live in the user-data folder and outlive uninstalling and updating.
    deleteAppDataOnUninstall: false,
    artifactName: '${name}-${version}-setup.${ext}',
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icons/1024x1024.png',
    category: 'public.app-category.business',
    // Notarised only when scripts/dist.ts found Apple's credentials in the environment.
    notarize: process.env['CALL_REVIEW_NOTARIZE'] === '1',
  },
  dmg: { title: `${PRODUCT_NAME_ZH} \${version}` },
}

export default config
