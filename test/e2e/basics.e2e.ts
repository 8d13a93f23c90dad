// What a person sees first: the activity bar icon, the Pastes view, and the log.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, useWorkbench } from './harness';

const nls = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('PasteDeck in the workbench', () => {
  // No instance configured: the Pastes view is empty, so VS Code shows its welcome content.
  const session = useWorkbench({ name: 'basics', files: { 'hello.txt': 'Hello, PasteDeck!\n' }, settings: { 'pastedeck.instances': [] } });

  test('the activity bar has the PasteDeck icon; it opens the Pastes view with its welcome text', session.run(async (wb) => {
    const icon = wb.page.locator('.activitybar .action-item a.action-label[aria-label="PasteDeck"]');
    await icon.waitFor({ state: 'visible', timeout: 15_000 });

    await wb.openView('PasteDeck');
    const pane = wb.page.locator('.part.sidebar .pane').filter({ has: wb.page.locator('.pane-header', { hasText: 'Pastes' }) });
    await pane.waitFor({ state: 'visible', timeout: 5000 });
    // The welcome content is markdown: paragraphs per line, links as buttons or anchors.
    const welcome = pane.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 10_000 });
    const shown = (await welcome.innerText()).replace(/\s+/g, ' ').trim();
    for (const line of nls['view.pastes.welcome']!.split('\n')) {
      const expected = line.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/\s+/g, ' ').trim();
      assert.ok(shown.includes(expected), `welcome text lacks "${expected}"; it shows "${shown}"`);
    }
  }));

  test('"PasteDeck: Show Log" shows the PasteDeck channel with the activation line', session.run(async (wb) => {
    await wb.runCommand('PasteDeck: Show Log');
    const expected = `PasteDeck ${version} activated`;
    // What the person sees: the Output panel, switched to the PasteDeck channel, showing the line.
    const selectedChannels = (): Promise<string[]> =>
      wb.page.locator('.part.panel select[aria-label="Switch Output"]').evaluateAll((selects) =>
        selects.map((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? ''),
      );
    const deadline = Date.now() + 10_000;
    while (!(await selectedChannels()).includes('PasteDeck') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 150));
    assert.ok((await selectedChannels()).includes('PasteDeck'), `the Output panel shows ${JSON.stringify(await selectedChannels())}`);
    await wb.page.locator('.part.panel .output-view .view-line', { hasText: expected }).first().waitFor({ timeout: 10_000 });
    assert.match(await wb.outputPanelText(), new RegExp(`PasteDeck ${version.replace(/\./g, '\\.')} activated \\(VS Code \\d+\\.\\d+`));
    // And the same line in the channel's log file.
    assert.match(await wb.waitForLog(expected), /\[info\] PasteDeck .* activated \(VS Code /);
  }));
});
