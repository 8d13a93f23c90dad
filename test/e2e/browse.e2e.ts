// Browse and edit in place, as a person does it: the Pastes tree, the editor, Ctrl+S.
// The local servers (test/servers) hold the pastes and record what arrives.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { Paste } from '../../src/core/model';
import { createModernPasteProvider } from '../../src/providers/modernpaste';
import { createPasteApiProvider } from '../../src/providers/pasteapi';
import { createPasteGgProvider } from '../../src/providers/pastegg';
import type { RecordedRequest } from '../servers/base';
import { useWorkbench, type Workbench } from './harness';
import { answerQuickInput, servers } from './steps';

const VIEW = 'Pastes';

/** Writes to one paste: anything but GET to /api/v1/pastes/<id>…  */
function writesTo(requests: RecordedRequest[], id: string): RecordedRequest[] {
  return requests.filter((r) => r.method !== 'GET' && r.path.startsWith(`/api/v1/pastes/${id}`));
}

async function typeAtEnd(wb: Workbench, text: string): Promise<void> {
  await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.type(text);
}

/** The active editor's text once it matches (documents from a service arrive a moment after the tab). */
async function waitForEditorText(wb: Workbench, match: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await wb.activeEditorText();
    if (match.test(text)) return text;
    await wb.page.waitForTimeout(200);
  }
  assert.fail(`the editor shows ${JSON.stringify(text)}, not ${match}`);
}

async function isDirty(wb: Workbench): Promise<boolean> {
  return (await wb.page.locator('.tabs-container .tab.active.dirty').count()) > 0;
}

describe('Browse and edit pastes in place (paste.gg local)', () => {
  const session = useWorkbench({ name: 'browse', files: { 'readme.txt': 'workspace\n' }, localServers: true });
  let paste: Paste;

  test('a paste of mine opens from the tree; Ctrl+S writes it back in exactly one request', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    const key = gg.validCredentials.key!;
    const provider = createPasteGgProvider({ baseUrl: `${gg.origin}/api/v1`, getCredentials: async () => ({ key, username: 'alice' }) });
    paste = await provider.create({ title: 'e2e-edit', visibility: 'unlisted', files: [{ name: 'edit.py', content: 'x = 1\n', language: 'python' }] });

    await wb.clearNotifications();
    await wb.runCommand('PasteDeck: Set API Key');
    await answerQuickInput(wb, 'paste.gg (local)');
    await answerQuickInput(wb, key);
    await wb.waitForNotification(/Key for paste\.gg \(local\) saved/, { timeoutMs: 20_000 });

    await wb.openView('PasteDeck');
    await wb.treeItem(VIEW, 'paste.gg (local)');
    await wb.treeItem(VIEW, 'My pastes');
    await wb.treeItem(VIEW, 'e2e-edit');
    await wb.treeItem(VIEW, 'edit.py');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'edit.py' }).waitFor({ timeout: 15_000 });
    await waitForEditorText(wb, /x = 1/);

    const before = gg.requests.length;
    await typeAtEnd(wb, 'y = 2');
    assert.equal(await wb.save({ timeoutMs: 15_000 }), true, 'the save went through');
    assert.equal(gg.stored(paste.id)?.files[0]?.content, 'x = 1\ny = 2');
    assert.equal(writesTo(gg.requests.slice(before), paste.id).length, 1, 'one write per save');
  }));

  test('saving again with no change sends nothing', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    const before = gg.requests.length;
    await wb.page.keyboard.press('Control+S');
    await wb.page.waitForTimeout(1500);
    assert.deepEqual(writesTo(gg.requests.slice(before), paste.id).map((r) => `${r.method} ${r.path}`), []);
  }));

  test('a paste changed on the server is never overwritten silently: the save stops and the editor keeps the text', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    gg.touch(paste.id, 'changed elsewhere\n');
    await wb.clearNotifications();
    const before = gg.requests.length;
    await typeAtEnd(wb, '\nz = 3');
    assert.equal(await wb.save({ timeoutMs: 8000 }), false, 'the save does not go through');
    assert.equal(gg.stored(paste.id)?.files[0]?.content, 'changed elsewhere\n', 'the other change is kept');
    assert.equal(writesTo(gg.requests.slice(before), paste.id).length, 0, 'nothing was written');
    assert.ok(await isDirty(wb), 'the editor stays dirty');
    assert.match(await wb.activeEditorText(), /z = 3/);
    const toast = await wb.waitForNotification(/edit\.py changed on paste\.gg \(local\) since you opened it\. Your text is kept\./, { timeoutMs: 10_000 });
    assert.ok(toast.length > 0);
    const buttons = await wb.page.locator('.notification-toast', { hasText: 'since you opened it' }).locator('.monaco-button').allInnerTexts();
    for (const b of ['Compare', 'Overwrite', 'Discard']) assert.ok(buttons.some((x) => x.includes(b)), `buttons: ${buttons.join(', ')}`);

    // Compare shows the server's text beside mine; nothing is written.
    await wb.clickNotificationButton('Compare');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'remote ↔ yours' }).waitFor({ timeout: 10_000 });
    await wb.page.locator('.monaco-diff-editor .view-line', { hasText: 'changed elsewhere' }).first().waitFor({ timeout: 10_000 });
    assert.equal(gg.stored(paste.id)?.files[0]?.content, 'changed elsewhere\n');

    // Discard: the editor takes the server's text.
    await wb.waitForNotification(/since you opened it/, { timeoutMs: 10_000 });
    await wb.clickNotificationButton('Discard');
    await waitForEditorText(wb, /changed elsewhere/);
    assert.doesNotMatch(await wb.activeEditorText(), /z = 3/);
    assert.equal(writesTo(gg.requests.slice(before), paste.id).length, 0, 'still nothing was written');
  }));

  test('after a conflict, Overwrite writes my text on purpose', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    gg.touch(paste.id, 'changed again\n');
    await wb.clearNotifications();
    await typeAtEnd(wb, '\nmine = 1');
    assert.equal(await wb.save({ timeoutMs: 8000 }), false);
    await wb.waitForNotification(/since you opened it/, { timeoutMs: 10_000 });
    const before = gg.requests.length;
    await wb.clickNotificationButton('Overwrite');
    const deadline = Date.now() + 10_000;
    while (!gg.stored(paste.id)?.files[0]?.content.includes('mine = 1') && Date.now() < deadline) await wb.page.waitForTimeout(200);
    assert.match(gg.stored(paste.id)?.files[0]?.content ?? '', /^changed elsewhere\n+mine = 1$/, "my text replaced the other change");
    assert.equal(writesTo(gg.requests.slice(before), paste.id).length, 1);
  }));

  test('a save the server fails leaves the editor dirty with the text', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    // Start from the server's text: revert the editor.
    await wb.clearNotifications();
    const serverText = gg.stored(paste.id)?.files[0]?.content;
    gg.fault({ route: `PATCH /api/v1/pastes/${paste.id}/files/*`, status: 500, body: '{"status":"error","error":"internal"}' });
    gg.fault({ route: `PATCH /api/v1/pastes/${paste.id}/files`, status: 500, body: '{"status":"error","error":"internal"}' });
    try {
      await typeAtEnd(wb, 'kept = True');
      assert.equal(await wb.save({ timeoutMs: 8000 }), false);
      assert.ok(await isDirty(wb));
      assert.match(await wb.activeEditorText(), /kept = True/);
      assert.equal(gg.stored(paste.id)?.files[0]?.content, serverText, 'the server text is unchanged');
      await wb.waitForNotification(/Your text is kept/, { timeoutMs: 10_000 });
    } finally {
      gg.clearFaults();
    }
    await wb.runCommand('File: Revert File');
  }));

  test('"Search Pastes" finds a loaded paste by file name and opens it', session.run(async (wb) => {
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('PasteDeck: Search Pastes');
    await answerQuickInput(wb, 'edit.py');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'edit.py' }).waitFor({ timeout: 15_000 });
    await waitForEditorText(wb, /mine = 1/);
  }));

  test('"Open Paste…" opens a paste from its link', session.run(async (wb) => {
    await wb.runCommand('View: Close All Editors');
    assert.ok(paste.url, 'the paste has a web link');
    await wb.runCommand('PasteDeck: Open Paste…');
    await answerQuickInput(wb, paste.url);
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'edit.py' }).waitFor({ timeout: 15_000 });
    await waitForEditorText(wb, /mine = 1/);
  }));

  test('"Add File" on a paste adds a file on the server', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    await wb.runCommand('View: Close All Editors');
    await wb.contextMenuInTree(VIEW, 'e2e-edit', 'Add File');
    await answerQuickInput(wb, 'notes.md');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'notes.md' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(gg.stored(paste.id)?.files.map((f) => f.name).sort(), ['edit.py', 'notes.md']);
    await wb.runCommand('View: Close All Editors');
  }));

  test('Delete Paste from the tree removes it on the server and from the tree', session.run(async (wb) => {
    const gg = servers(wb).pastegg;
    await wb.runCommand('View: Close All Editors');
    await wb.clearNotifications();
    await wb.contextMenuInTree(VIEW, 'e2e-edit', 'Delete Paste');
    await wb.clickDialogButton('Delete');
    await wb.waitForNotification(/Deleted paste/, { timeoutMs: 15_000 });
    assert.equal(gg.stored(paste.id), undefined);
    await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'e2e-edit' }).waitFor({ state: 'detached', timeout: 10_000 });
  }));

  test('a paste on a service that cannot edit opens read-only', session.run(async (wb) => {
    const mp = servers(wb).modernpaste;
    const provider = createModernPasteProvider({ baseUrl: mp.origin });
    await provider.create({ title: 'readonly-e2e', files: [{ name: 'ro.txt', content: 'read me\n' }] });
    // Collapse everything, so "Recent public" below means Modern Paste's.
    // The view is alone in its container, so its actions sit in the side bar's title (shown on hover).
    await wb.page.locator('.part.sidebar').hover();
    await wb.page.locator('.part.sidebar [aria-label="Collapse All"]:visible').first().click();
    await wb.treeItem(VIEW, 'Modern Paste (local)');
    await wb.treeItem(VIEW, 'Recent public');
    await wb.treeItem(VIEW, /readonly-e2e/);
    await wb.treeItem(VIEW, 'ro.txt');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'ro.txt' }).waitFor({ timeout: 15_000 });
    await waitForEditorText(wb, /read me/);
    await typeAtEnd(wb, 'typed');
    await wb.page.waitForTimeout(300);
    assert.doesNotMatch(await wb.activeEditorText(), /typed/, 'typing changes nothing');
    assert.ok(!(await isDirty(wb)));
  }));

  test('a burn-after-read paste is never read without asking; "Open and Destroy" reads it once', session.run(async (wb) => {
    const api = servers(wb).pasteapi;
    const { key, username } = api.validCredentials as { key: string; username: string };
    const provider = createPasteApiProvider({ baseUrl: api.origin, getCredentials: async () => ({ key, username }) });
    const burn = await provider.create({ title: 'burn.txt', burnAfterRead: true, files: [{ name: 'burn.txt', content: 'read once\n' }] });
    await wb.runCommand('View: Close All Editors');
    await wb.clearNotifications();
    await wb.runCommand('PasteDeck: Set API Key');
    await answerQuickInput(wb, 'Paste API (local)');
    await answerQuickInput(wb, key);
    await wb.waitForNotification(/Key for Paste API \(local\) saved/, { timeoutMs: 20_000 });

    await wb.page.locator('.part.sidebar').hover();
    await wb.page.locator('.part.sidebar [aria-label="Collapse All"]:visible').first().click();
    await wb.treeItem(VIEW, 'Paste API (local)');
    await wb.treeItem(VIEW, 'My pastes');
    const reads = () => api.requests.filter((r) => r.method === 'GET' && r.path.includes(burn.id)).length;
    const row = await wb.treeItem(VIEW, 'burn.txt', { click: false });
    assert.match(await row.innerText(), /burn after read/, 'the tree says so');
    assert.equal(reads(), 0, 'listing it read nothing');

    // Clicking it asks first; Cancel reads nothing.
    await row.click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /deleted when it is read/);
    await wb.clickDialogButton('Cancel');
    await wb.page.waitForTimeout(500);
    assert.equal(reads(), 0, 'declining reads nothing');
    assert.ok(api.stored(burn.id), 'the paste still exists');

    await wb.contextMenuInTree(VIEW, 'burn.txt', 'Open Paste');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.clickDialogButton('Open and Destroy');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'burn.txt' }).waitFor({ timeout: 15_000 });
    await waitForEditorText(wb, /read once/);
    assert.equal(reads(), 1, 'read exactly once');
    assert.equal(api.stored(burn.id), undefined, 'reading destroyed it on the server');
  }));
});
