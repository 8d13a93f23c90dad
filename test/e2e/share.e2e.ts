// Sharing as a person does it: right-click a selection, multi-select in the explorer,
// a planted secret, a wrong key. The local servers (test/servers) see what arrives.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ContractServer, RecordedRequest } from '../servers/base';
import { useWorkbench, type Workbench } from './harness';
import { answerQuickInput, servers } from './steps';

const PLANTED = 'PLANTEDe2eKey9f8e7d6c5b4a';

async function selectAllInEditor(wb: Workbench): Promise<void> {
  await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await wb.page.keyboard.press('Control+A');
}

function creates(server: ContractServer, route: string): RecordedRequest[] {
  return server.requestsTo(route);
}

const selectionFiles = {
  'hello.py': 'def greet(name):\n    return f"hello {name}"\n',
  // Built at run time so the repository itself holds no secret-shaped string.
  'settings.env': `DEBUG=true\nAWS_SECRET_ACCESS_KEY=${'q8ZrT3vLm9Xw2Kp7'}${'Hs4Nd6Fj1Bc5Yg0Ua8Re3Wi'}\n`,
  'src/a.ts': 'export const a = 1;\n',
  'src/b.md': '# B\n',
};

describe('Share from the editor (paste.gg local)', () => {
  const session = useWorkbench({ name: 'share', files: selectionFiles, localServers: true });

  test('right-click → Share Selection sends exactly one create with the text and language; the link is copied and shown', session.run(async (wb) => {
    await wb.clearNotifications();
    const gg = servers(wb).pastegg;
    const before = creates(gg, 'POST /api/v1/pastes').length;
    await wb.openFile('hello.py');
    await selectAllInEditor(wb);
    await wb.contextMenuInEditor('Share Selection');
    const toast = await wb.waitForNotification(/Shared to paste\.gg \(local\); link copied/, { timeoutMs: 20_000 });
    const sent = creates(gg, 'POST /api/v1/pastes').slice(before);
    assert.equal(sent.length, 1, 'exactly one create');
    const body = JSON.parse(sent[0]!.body) as { files: { name: string; content: { value: string }; highlight_language?: string }[] };
    assert.equal(body.files.length, 1);
    assert.equal(body.files[0]!.name, 'hello.py');
    assert.equal(body.files[0]!.content.value, selectionFiles['hello.py']);
    assert.equal(body.files[0]!.highlight_language, 'python');
    const link = /link copied: (\S+)/.exec(toast)?.[1];
    assert.ok(link?.startsWith(gg.origin), `the toast shows the link: ${toast}`);
    assert.equal((await wb.clipboardText()).trim(), link);
    assert.match(await wb.readOutputChannel(), /Shared 1 file\(s\) to paste\.gg \(local\)/);
  }));

  test('"Open in Editor" on the share notification opens the new paste as a pastedeck: document', session.run(async (wb) => {
    await wb.clearNotifications();
    await wb.openFile('hello.py');
    await selectAllInEditor(wb);
    await wb.contextMenuInEditor('Share Selection');
    await wb.waitForNotification(/Shared to paste\.gg \(local\); link copied/, { timeoutMs: 20_000 });
    await wb.runCommand('View: Close All Editors');
    await wb.clickNotificationButton('Open in Editor');
    const tab = wb.page.locator('.tabs-container .tab.active', { hasText: 'hello.py' });
    await tab.waitFor({ timeout: 15_000 });
    const deadline = Date.now() + 10_000;
    while (!(await wb.activeEditorText()).includes('def greet') && Date.now() < deadline) await wb.page.waitForTimeout(200);
    assert.match(await wb.activeEditorText(), /def greet/);
    // It is the paste, not the workspace file: its path names the instance.
    await wb.runCommand('File: Copy Path of Active File');
    assert.match(await wb.clipboardText(), /local-pastegg\/[0-9a-f]{32}\/hello\.py/);
    await wb.runCommand('View: Close All Editors');
  }));

  test('a planted secret stops the share until "Share Anyway"', session.run(async (wb) => {
    await wb.clearNotifications();
    const gg = servers(wb).pastegg;
    const before = creates(gg, 'POST /api/v1/pastes').length;
    // Nothing selected: the whole file is what gets shared.
    await wb.openFile('settings.env');
    await wb.contextMenuInEditor('Share Selection');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /may contain secrets/);
    assert.match(await dialog.innerText(), /settings\.env:2/);
    await wb.page.waitForTimeout(500);
    assert.equal(creates(gg, 'POST /api/v1/pastes').length, before, 'nothing is sent while the question is open');
    await wb.clickDialogButton('Cancel');
    await wb.page.waitForTimeout(500);
    assert.equal(creates(gg, 'POST /api/v1/pastes').length, before, 'Cancel sends nothing');

    await wb.contextMenuInEditor('Share Selection');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.clickDialogButton('Share Anyway');
    await wb.waitForNotification(/Shared to paste\.gg \(local\)/, { timeoutMs: 20_000 });
    assert.equal(creates(gg, 'POST /api/v1/pastes').length, before + 1);
  }));

  test('multi-select in the explorer → Share Files makes one multi-file paste', session.run(async (wb) => {
    await wb.clearNotifications();
    const gg = servers(wb).pastegg;
    const before = creates(gg, 'POST /api/v1/pastes').length;
    await wb.contextMenuInExplorer(['src/a.ts', 'src/b.md'], 'Share Files');
    // The preview lists the files, all ticked; accepting shares them.
    const preview = wb.page.locator('.quick-input-widget');
    await preview.waitFor({ state: 'visible', timeout: 10_000 });
    const rows = await preview.locator('.monaco-list-row').allInnerTexts();
    // Names are relative to the selection's common folder (src/), with their sizes.
    assert.ok(rows.some((r) => r.includes('a.ts') && r.includes('20 B')) && rows.some((r) => r.includes('b.md')), `preview shows ${rows.join(' | ')}`);
    await wb.page.keyboard.press('Enter');
    await wb.waitForNotification(/Shared to paste\.gg \(local\)/, { timeoutMs: 20_000 });
    const sent = creates(gg, 'POST /api/v1/pastes').slice(before);
    assert.equal(sent.length, 1, 'one request for both files');
    const body = JSON.parse(sent[0]!.body) as { files: { name: string }[] };
    assert.deepEqual(body.files.map((f) => f.name).sort(), ['a.ts', 'b.md']);
  }));

  test('a wrong key gives the auth message with "Set API Key", creates nothing, and the key is nowhere to be read', session.run(async (wb) => {
    await wb.clearNotifications();
    const gg = servers(wb).pastegg;
    // The server is down while the key is set, so it cannot be checked: the user stores it anyway.
    gg.fault({ route: 'GET /api/v1/users/*/pastes', status: 503 });
    try {
      await wb.runCommand('PasteDeck: Set API Key');
      await answerQuickInput(wb, 'paste.gg (local)');
      await answerQuickInput(wb, PLANTED);
      await wb.waitForNotification(/could not be checked/, { timeoutMs: 20_000 });
      await wb.clickNotificationButton('Store Anyway');
      await wb.waitForNotification(/Key for paste\.gg \(local\) saved/, { timeoutMs: 10_000 });
    } finally {
      gg.clearFaults();
    }
    const before = creates(gg, 'POST /api/v1/pastes').length;
    await wb.openFile('hello.py');
    await selectAllInEditor(wb);
    await wb.contextMenuInEditor('Share Selection');
    const toast = await wb.waitForNotification(/Sharing to paste\.gg \(local\) failed/, { timeoutMs: 20_000 });
    assert.match(toast, /Set a valid API key/);
    const buttons = await wb.page.locator('.notification-toast').filter({ hasText: 'Sharing to paste.gg (local) failed' }).locator('.monaco-button').allInnerTexts();
    assert.ok(buttons.some((b) => b.includes('Set API Key')), `buttons: ${buttons.join(', ')}`);
    const sent = creates(gg, 'POST /api/v1/pastes').slice(before);
    assert.equal(sent.length, 1, 'the create was sent once and refused');
    assert.ok(String(sent[0]!.headers.authorization ?? '').includes(PLANTED), 'the stored key was used');
    // The key is in SecretStorage only: not in settings, the log, or any message shown.
    const settings = readFileSync(join(wb.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(!settings.includes(PLANTED), 'settings.json holds no key');
    assert.ok(!(await wb.readOutputChannel()).includes(PLANTED), 'the log holds no key');
    assert.ok(!(await wb.notifications()).join('\n').includes(PLANTED), 'no notification shows the key');
    assert.ok(!(await wb.page.title()).includes(PLANTED));
    await wb.clickNotificationButton('Set API Key');
    // "Set API Key" asks for this instance's key at once (masked); leave it closed again.
    await wb.page.locator('.quick-input-widget', { hasText: 'paste.gg (local): API key' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await wb.page.locator('.quick-input-widget input').getAttribute('type'), 'password', 'the key input is masked');
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 });
  }));
  test('"Remove API Key" forgets the key: the next share goes out anonymously and works', session.run(async (wb) => {
    await wb.clearNotifications();
    const gg = servers(wb).pastegg;
    await wb.runCommand('PasteDeck: Remove API Key');
    await answerQuickInput(wb, 'paste.gg (local)');
    await wb.waitForNotification(/Key for paste\.gg \(local\) removed/, { timeoutMs: 10_000 });
    const before = creates(gg, 'POST /api/v1/pastes').length;
    await wb.openFile('hello.py');
    await selectAllInEditor(wb);
    await wb.contextMenuInEditor('Share Selection');
    await wb.waitForNotification(/Shared to paste\.gg \(local\); link copied/, { timeoutMs: 20_000 });
    const sent = creates(gg, 'POST /api/v1/pastes').slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.headers.authorization, undefined, 'no key was sent');
  }));

  test('"Delete" on the share notification deletes the anonymous paste with its deletion key', session.run(async (wb) => {
    await wb.clearNotifications();
    const gg = servers(wb).pastegg;
    await wb.openFile('hello.py');
    await selectAllInEditor(wb);
    await wb.contextMenuInEditor('Share Selection');
    const toast = await wb.waitForNotification(/Shared to paste\.gg \(local\); link copied/, { timeoutMs: 20_000 });
    const id = /\/([0-9a-f]{32})\b/.exec(toast)?.[1];
    assert.ok(id && gg.stored(id), `the paste exists: ${toast}`);
    await wb.clickNotificationButton('Delete');
    await wb.clickDialogButton('Delete');
    await wb.waitForNotification(new RegExp(`Deleted paste ${id}`), { timeoutMs: 20_000 });
    assert.equal(gg.stored(id), undefined, 'the server no longer holds it');
    const deletes = gg.requestsTo(`DELETE /api/v1/pastes/${id}`);
    assert.equal(deletes.length, 1);
    assert.match(String(deletes[0]!.headers.authorization), /^Key /, 'the deletion key was sent');
  }));

  test('"Share Selection To…" asks for the instance and shares there (Modern Paste, anonymous)', session.run(async (wb) => {
    await wb.clearNotifications();
    const mp = servers(wb).modernpaste;
    const before = mp.requestsTo('POST /api/paste/submit').length;
    await wb.openFile('hello.py');
    await selectAllInEditor(wb);
    await wb.contextMenuInEditor('Share Selection To…');
    await answerQuickInput(wb, 'Modern Paste (local)');
    await wb.waitForNotification(/Shared to Modern Paste \(local\)/, { timeoutMs: 20_000 });
    const sent = mp.requestsTo('POST /api/paste/submit').slice(before);
    assert.equal(sent.length, 1);
    assert.equal((JSON.parse(sent[0]!.body) as { contents: string }).contents, selectionFiles['hello.py']);
  }));

  test('"Add Instance" checks the server and adds it to the settings', session.run(async (wb) => {
    await wb.clearNotifications();
    const api = servers(wb).pasteapi;
    await wb.runCommand('PasteDeck: Add Instance');
    await answerQuickInput(wb, 'Paste API');
    await answerQuickInput(wb, api.origin);
    await answerQuickInput(wb, 'My Paste API');
    await wb.waitForNotification(/Added My Paste API/, { timeoutMs: 20_000 });
    const settings = JSON.parse(readFileSync(join(wb.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    const instances = settings['pastedeck.instances'] as { service: string; name: string; baseUrl: string }[];
    assert.ok(instances.some((i) => i.service === 'pasteapi' && i.name === 'My Paste API' && i.baseUrl === api.origin), JSON.stringify(instances));
  }));
});

describe('Share Files to a single-file service (ownpaste local)', () => {
  const session = useWorkbench({
    name: 'share-ownpaste',
    files: { 'one.py': 'print(1)\n', 'two.py': 'print(2)\n', 'three.txt': 'three\n' },
    localServers: true,
    settings: { 'pastedeck.defaultInstance': 'local-ownpaste' },
  });

  test('Share Files on three files makes one paste per file and shows all links together', session.run(async (wb) => {
    await wb.clearNotifications();
    const own = servers(wb).ownpaste;
    const { username, password } = own.validCredentials;
    await wb.runCommand('PasteDeck: Set API Key');
    await answerQuickInput(wb, 'ownpaste (local)');
    await answerQuickInput(wb, username!);
    await answerQuickInput(wb, password!);
    await wb.waitForNotification(/Key for ownpaste \(local\) saved/, { timeoutMs: 20_000 });

    const before = creates(own, 'POST /paste/').length;
    await wb.contextMenuInExplorer(['one.py', 'two.py', 'three.txt'], 'Share Files');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    await wb.waitForNotification(/Shared 3 files to ownpaste \(local\) as 3 pastes; links copied/, { timeoutMs: 30_000 });
    const sent = creates(own, 'POST /paste/').slice(before).filter((r) => r.headers.authorization);
    const names = sent.map((r) => (JSON.parse(r.body) as { file_name: string }).file_name).sort();
    assert.deepEqual(names, ['one.py', 'three.txt', 'two.py'], 'one create per file, none twice');
    const links = (await wb.clipboardText()).trim().split('\n');
    assert.equal(links.length, 3);
  }));
});
