import * as vscode from 'vscode';
import { SETTINGS_SECTION, type SettingKey } from './settingKeys';

/** The only place PasteDeck reads configuration. */
export function getSetting<T>(key: SettingKey, fallback: T): T {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<T>(key, fallback);
}
