// Every setting PasteDeck reads, relative to the `pastedeck` section. No `vscode`
// import, so a unit test can compare this list with package.json's configuration.
export const SETTINGS_SECTION = 'pastedeck';

export const SettingKeys = {
  instances: 'instances',
  defaultInstance: 'defaultInstance',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  askForOptions: 'share.askForOptions',
  visibility: 'share.visibility',
  expiry: 'share.expiry',
  burnAfterRead: 'share.burnAfterRead',
  scanForSecrets: 'share.scanForSecrets',
  maxFileSizeKB: 'share.maxFileSizeKB',
  maxFiles: 'share.maxFiles',
} as const;

export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];
