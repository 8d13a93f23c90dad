import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Paste } from '../../src/core/model';
import { fileContextValue, pasteContextValue, pasteIconName, pasteLabel, resolvePasteInput } from '../../src/core/pasteView';
import { SERVICES } from '../../src/providers/registry';

interface MenuItem {
  command: string;
  when?: string;
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };
const itemMenu = manifest.contributes.menus['view/item/context'] ?? [];

/** The commands the item menu offers for a context value (only `viewItem =~ /…/` and `view ==` clauses are used there). */
function offered(contextValue: string): Set<string> {
  const out = new Set<string>();
  for (const item of itemMenu) {
    const when = item.when ?? '';
    assert.match(when, /view == pastedeck\.pastes/, `${item.command} menu entry should be limited to the Pastes view`);
    const m = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
    assert.ok(m, `${item.command}: when clause without viewItem =~ /…/: ${when}`);
    if (new RegExp(m[1]!).test(contextValue)) out.add(item.command);
  }
  return out;
}

const paste = (extra: Partial<Paste> = {}): Paste => ({ service: 'pastegg', id: 'p', files: [{ id: 'f', name: 'a.ts', rawUrl: 'https://x/raw' }], complete: false, url: 'https://x/p', ...extra });

describe('Pastes view context values and menus', () => {
  test('paste.gg: delete, add file, links', () => {
    const v = pasteContextValue(SERVICES.pastegg.capabilities, paste(), false);
    assert.equal(v, 'paste;canDelete;canAddFile;hasUrl;hasRawLink');
    const cmds = offered(v);
    for (const c of ['pastedeck.deletePaste', 'pastedeck.openPaste', 'pastedeck.openInBrowser', 'pastedeck.copyLink', 'pastedeck.copyRawLink', 'pastedeck.openPasteAsFolder']) {
      assert.ok(cmds.has(c), `${c} missing for ${v}`);
    }
  });

  test('no delete where the service cannot, unless a deletion key is stored', () => {
    const caps = { ...SERVICES.pastegg.capabilities, deleteWithKey: false };
    assert.ok(!offered(pasteContextValue(caps, paste(), false)).has('pastedeck.deletePaste'));
    assert.ok(offered(pasteContextValue(caps, paste(), true)).has('pastedeck.deletePaste'));
  });

  test('no link commands without a URL or raw URL', () => {
    const v = pasteContextValue(SERVICES.ownpaste.capabilities, paste({ url: undefined, files: [{ name: 'x' }] }), false);
    const cmds = offered(v);
    assert.ok(!cmds.has('pastedeck.openInBrowser'));
    assert.ok(!cmds.has('pastedeck.copyLink'));
    assert.ok(!cmds.has('pastedeck.copyRawLink'));
    assert.ok(cmds.has('pastedeck.openPaste'));
  });

  test('files: rename and remove by capability; remove needs a file id', () => {
    assert.equal(fileContextValue(SERVICES.pastegg.capabilities, { id: 'f', name: 'a', rawUrl: 'r' }), 'file;canRename;canRemove;hasRawLink');
    assert.equal(fileContextValue(SERVICES.pastegg.capabilities, { name: 'a' }), 'file;canRename');
    assert.equal(fileContextValue(SERVICES.pasteee.capabilities, { id: 'f', name: 'a' }), 'file');
    assert.ok(offered('file;hasRawLink').has('pastedeck.copyRawLink'));
    assert.ok(!offered('file').has('pastedeck.deletePaste'));
  });

  test('Add File, Rename File and Delete File are offered only where the capabilities allow', () => {
    assert.ok(offered(pasteContextValue(SERVICES.pastegg.capabilities, paste(), false)).has('pastedeck.addFile'));
    for (const service of ['pasteee', 'ownpaste', 'modernpaste', 'pasteapi'] as const) {
      assert.ok(!offered(pasteContextValue(SERVICES[service].capabilities, paste(), true)).has('pastedeck.addFile'), service);
    }
    const gg = offered(fileContextValue(SERVICES.pastegg.capabilities, { id: 'f', name: 'a' }));
    assert.ok(gg.has('pastedeck.renameFile') && gg.has('pastedeck.deleteFile'));
    assert.ok(!offered(fileContextValue(SERVICES.pastegg.capabilities, { name: 'a' })).has('pastedeck.deleteFile'), 'no file id, no remove');
    const ee = offered(fileContextValue(SERVICES.pasteee.capabilities, { id: 'f', name: 'a' }));
    assert.ok(!ee.has('pastedeck.renameFile') && !ee.has('pastedeck.deleteFile'));
    assert.ok(!offered('paste;canAddFile').has('pastedeck.renameFile'), 'file commands stay on files');
  });

  test('commands that need a node are hidden from the command palette; Search Pastes is not', () => {
    const hidden = new Set((manifest.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    for (const c of ['pastedeck.addFile', 'pastedeck.renameFile', 'pastedeck.deleteFile']) assert.ok(hidden.has(c), c);
    assert.ok(!hidden.has('pastedeck.searchPastes'));
  });

  test('instances and groups get Refresh; messages get nothing', () => {
    assert.ok(offered('instance;noKey').has('pastedeck.refresh'));
    assert.ok(offered('group;own').has('pastedeck.refresh'));
    assert.deepEqual([...offered('error')], []);
    assert.deepEqual([...offered('more')], []);
  });

  test('icons and labels', () => {
    assert.equal(pasteIconName(paste({ burnAfterRead: true, visibility: 'public' })), 'flame');
    assert.equal(pasteIconName(paste({ visibility: 'private' })), 'lock');
    assert.equal(pasteIconName(paste({ visibility: 'unlisted' })), 'eye-closed');
    assert.equal(pasteIconName(paste({ visibility: 'public' })), 'globe');
    assert.equal(pasteLabel(paste({ title: '  Notes ' })), 'Notes');
    assert.equal(pasteLabel(paste()), 'a.ts');
    assert.equal(pasteLabel(paste({ files: [] })), 'p');
  });
});

describe('Open Paste… input', () => {
  const instances = [
    { id: 'gg', idFromUrl: (u: string) => /^https:\/\/paste\.gg\/p\/[^/]+\/([0-9a-f]+)$/.exec(u)?.[1] },
    { id: 'own', idFromUrl: (u: string) => /^http:\/\/127\.0\.0\.1:5000\/(\d+)\/?$/.exec(u)?.[1] },
  ];
  test('a URL an instance recognises opens there', () => {
    assert.deepEqual(resolvePasteInput(' https://paste.gg/p/alice/abc123 ', instances), { kind: 'match', instanceId: 'gg', pasteId: 'abc123' });
    assert.deepEqual(resolvePasteInput('http://127.0.0.1:5000/42/', instances), { kind: 'match', instanceId: 'own', pasteId: '42' });
  });
  test('a URL no instance recognises, a bare id, and neither', () => {
    assert.deepEqual(resolvePasteInput('https://elsewhere.example/p/1', instances), { kind: 'unknownUrl' });
    assert.deepEqual(resolvePasteInput('abc123', instances), { kind: 'id', pasteId: 'abc123' });
    assert.deepEqual(resolvePasteInput('   ', instances), { kind: 'invalid' });
    assert.deepEqual(resolvePasteInput('two words', instances), { kind: 'invalid' });
    assert.deepEqual(resolvePasteInput('a/b', instances), { kind: 'invalid' });
  });
});
