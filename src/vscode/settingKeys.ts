// Every setting PasteDeck reads, relative to the `pastedeck` section. No `vscode`
// import, so a unit test can compare this list with package.json's configuration.
export const SETTINGS_SECTION = 'pastedeck';

export const SettingKeys = {
  requestTimeoutSeconds: 'requestTimeoutSeconds',
} as const;

export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];
