import * as vscode from 'vscode';
import { SETTINGS_SECTION, type SettingKey } from './settingKeys';

/** The only place PasteDeck reads configuration. */
export function getSetting<T>(key: SettingKey, fallback: T): T {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<T>(key, fallback);
}

export async function updateGlobalSetting(key: SettingKey, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Reads a setting of another section (files.exclude), still only from here. */
export function getForeignSetting<T>(section: string, key: string, scope: vscode.Uri | undefined, fallback: T): T {
  return vscode.workspace.getConfiguration(section, scope).get<T>(key, fallback);
}

export function onDidChangeSettings(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((k) => e.affectsConfiguration(`${SETTINGS_SECTION}.${k}`))) listener();
  });
}
