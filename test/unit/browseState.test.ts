import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { fileNameProblem, instanceState, isUnreachable, searchEntries, whoAmIState } from '../../src/core/browseState';
import { PasteError } from '../../src/core/errors';
import type { Paste } from '../../src/core/model';

describe('instance states', () => {
  test('whoAmI: a user is "signed in", a key type stands in for it, nothing named is "key set"', () => {
    assert.deepEqual(whoAmIState({ ok: true, who: { user: 'alice' } }), { kind: 'signedIn', user: 'alice' });
    assert.deepEqual(whoAmIState({ ok: true, who: { keyType: 'UserApplication' } }), { kind: 'signedIn', user: 'UserApplication' });
    assert.deepEqual(whoAmIState({ ok: true, who: { user: '  ' } }), { kind: 'keySet' });
  });

  test('whoAmI failures: network and timeout are unreachable, auth is a refused key, the rest says nothing', () => {
    assert.equal(whoAmIState({ ok: false, err: new PasteError('network', 'paste.gg could not be reached') }).kind, 'unreachable');
    assert.equal(whoAmIState({ ok: false, err: new PasteError('timeout', 'slow') }).kind, 'unreachable');
    const rejected = whoAmIState({ ok: false, err: new PasteError('auth', 'paste.gg was refused (HTTP 401)') });
    assert.deepEqual(rejected, { kind: 'keyRejected', reason: 'paste.gg was refused (HTTP 401)' });
    assert.deepEqual(whoAmIState({ ok: false, err: new PasteError('unsupported', 'no me call') }), { kind: 'keySet' });
    assert.deepEqual(whoAmIState({ ok: false, err: new PasteError('server', 'boom') }), { kind: 'keySet' });
    assert.equal(isUnreachable(new Error('plain')), false);
  });

  test('unreachable wins, then no key, then what the check found, else key set', () => {
    assert.deepEqual(instanceState(true, { kind: 'signedIn', user: 'a' }, 'down'), { kind: 'unreachable', reason: 'down' });
    assert.deepEqual(instanceState(false, { kind: 'signedIn', user: 'a' }, undefined), { kind: 'noKey' });
    assert.deepEqual(instanceState(true, { kind: 'signedIn', user: 'a' }, undefined), { kind: 'signedIn', user: 'a' });
    assert.deepEqual(instanceState(true, undefined, undefined), { kind: 'keySet' });
    assert.deepEqual(instanceState(false, undefined, ''), { kind: 'unreachable', reason: '' });
  });
});

const paste = (id: string, extra: Partial<Paste> = {}): Paste => ({ service: 'pastegg', id, files: [], complete: false, ...extra });

describe('Search Pastes entries', () => {
  test('title, file names and languages are in label, description and detail; a paste listed twice counts once', () => {
    const loaded = [
      { instanceId: 'gg', paste: paste('a', { title: 'Build notes', files: [{ name: 'build.sh', language: 'shellscript', serviceLanguage: 'bash' }, { name: 'README.md' }] }) },
      { instanceId: 'gg', paste: paste('a', { title: 'Build notes' }) },
      { instanceId: 'own', paste: paste('a', { files: [{ name: 'x.py', language: 'python' }] }) },
    ];
    const entries = searchEntries(loaded, (id) => (id === 'gg' ? 'paste.gg' : 'My server'));
    assert.deepEqual(
      entries.map((e) => [e.instanceId, e.pasteId, e.label, e.description, e.detail]),
      [
        ['gg', 'a', 'Build notes', 'build.sh, README.md', 'paste.gg · bash · shellscript'],
        ['own', 'a', 'x.py', 'x.py', 'My server · python'],
      ],
    );
  });

  test('a paste read in full gives the file names and languages a listing lacked', () => {
    const full = paste('b', { title: 'T', files: [{ name: 'main.rs', language: 'rust' }] });
    const [entry] = searchEntries([{ instanceId: 'gg', paste: paste('b', { title: 'T' }) }], () => 'paste.gg', (i, p) => (i === 'gg' && p === 'b' ? full : undefined));
    assert.equal(entry?.description, 'main.rs');
    assert.equal(entry?.detail, 'paste.gg · rust');
    assert.equal(entry?.paste, full);
  });

  test('nothing loaded, nothing listed', () => {
    assert.deepEqual(searchEntries([], () => ''), []);
  });
});

describe('file names for Add File and Rename File', () => {
  test('empty, dot names, existing and unchanged names are refused', () => {
    assert.equal(fileNameProblem('  ', []), 'empty');
    assert.equal(fileNameProblem('..', []), 'dots');
    assert.equal(fileNameProblem('a.ts', ['a.ts']), 'exists');
    assert.equal(fileNameProblem(' a.ts ', ['a.ts']), 'exists');
    assert.equal(fileNameProblem('a.ts', ['b.ts'], 'a.ts'), 'unchanged');
    assert.equal(fileNameProblem('src/b.ts', ['a.ts'], 'a.ts'), undefined);
    assert.equal(fileNameProblem('notes.md', []), undefined);
  });
});
