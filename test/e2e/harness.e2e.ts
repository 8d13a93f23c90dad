// Checks the harness's person-like helpers against VS Code's own features, so a PasteDeck test
// that fails points at PasteDeck, not at a helper that no longer matches the workbench.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useWorkbench } from './harness';

describe('harness helpers', () => {
  const session = useWorkbench({
    name: 'harness',
    files: {
      'one.txt': 'first file\n',
      'two.txt': 'second file\n',
      'four.txt': 'fourth file\n',
      'src/deep/three.ts': 'export const three = 3;\n',
    },
  });

  test('openFile, type and save change the file on disk', session.run(async (wb) => {
    await wb.openFile('src/deep/three.ts');
    assert.match(await wb.activeEditorText(), /export const three = 3;/);
    await wb.page.keyboard.press('Control+End');
    await wb.type('// typed');
    assert.equal(await wb.save(), true);
    assert.equal(readFileSync(join(wb.workspaceDir, 'src/deep/three.ts'), 'utf8'), 'export const three = 3;\n// typed');
  }));

  test('a save conflict shows a notification whose button works', session.run(async (wb) => {
    await wb.openFile('one.txt');
    await wb.type('mine ');
    writeFileSync(join(wb.workspaceDir, 'one.txt'), 'changed on disk\n');
    await new Promise((r) => setTimeout(r, 1000)); // let the file watcher see it
    await wb.save({ timeoutMs: 2000 });
    await wb.waitForNotification(/newer/);
    await wb.clickNotificationButton('Overwrite');
    await wb.clearNotifications();
    assert.deepEqual(await wb.notifications(), []);
    const deadline = Date.now() + 5000;
    while (!readFileSync(join(wb.workspaceDir, 'one.txt'), 'utf8').startsWith('mine ') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(readFileSync(join(wb.workspaceDir, 'one.txt'), 'utf8'), 'mine first file\n');
  }));

  test('a notification whose toast VS Code skipped is found, and answered, in the notification center', session.run(async (wb) => {
    await wb.openFile('four.txt');
    await wb.page.keyboard.press('Control+End');
    await wb.type('mine');
    writeFileSync(join(wb.workspaceDir, 'four.txt'), 'changed on disk\n');
    await new Promise((r) => setTimeout(r, 1000));
    // With the center open VS Code adds no toast; the same happens to the 4th toast within 800 ms.
    await wb.runCommand('Notifications: Show Notifications');
    await wb.save({ timeoutMs: 2000 });
    await wb.page.locator('.notifications-center .notification-list-item-message', { hasText: 'newer' }).waitFor({ timeout: 10_000 });
    await wb.runCommand('Notifications: Hide Notifications');
    assert.deepEqual(await wb.notifications(), [], 'no toast');
    assert.match(await wb.waitForNotification(/newer/), /newer/);
    await wb.clickNotificationButton('Overwrite');
    const deadline = Date.now() + 5000;
    while (!readFileSync(join(wb.workspaceDir, 'four.txt'), 'utf8').endsWith('mine') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(readFileSync(join(wb.workspaceDir, 'four.txt'), 'utf8'), 'fourth file\nmine');
    await wb.clearNotifications();
  }));

  test('contextMenuInExplorer selects several files and chooses an item', session.run(async (wb) => {
    await wb.contextMenuInExplorer(['one.txt', 'two.txt'], 'Compare Selected');
    const tab = wb.page.locator('.editor-group-container.active .tab.active');
    await tab.waitFor({ timeout: 10_000 });
    assert.match((await tab.getAttribute('aria-label')) ?? '', /one\.txt.*two\.txt/);
  }));

  test('contextMenuInEditor and the clipboard', session.run(async (wb) => {
    await wb.openFile('two.txt');
    await wb.page.keyboard.press('Control+A');
    await wb.contextMenuInEditor('Copy');
    assert.equal(await wb.clipboardText(), 'second file\n');
  }));

  test('treeItem finds and opens a row of a view; runCommand runs a built-in command', session.run(async (wb) => {
    await wb.openView('Explorer');
    await wb.treeItem('workspace', 'two.txt', { click: 'double' });
    await wb.page.locator('.editor-group-container.active .tab.active[data-resource-name="two.txt"]').waitFor({ timeout: 10_000 });
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 5000 });
  }));
});
