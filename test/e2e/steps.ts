// Steps the PasteDeck e2e files share, on top of the generic harness.
import { strict as assert } from 'node:assert';
import type { LocalServers as AllServers } from '../servers/index';
import type { Workbench } from './harness';

/** The five local servers started with `localServers: true`. */
export function servers(wb: Workbench): AllServers['servers'] {
  const all = wb.servers as unknown as AllServers | undefined;
  assert.ok(all?.servers, 'the local servers are running');
  return all.servers;
}

/** Types into the open quick input (pick or input box) and accepts. */
export async function answerQuickInput(wb: Workbench, text: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
  await wb.page.waitForTimeout(150);
  await wb.page.keyboard.press('Enter');
}
