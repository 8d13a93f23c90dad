import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { fromPastePath, pasteOf, toPastePath, type PasteLocation } from '../../src/core/pasteUri';

const file = (fileName: string, pasteId = 'abc123', instanceId = 'paste-gg'): PasteLocation => ({ kind: 'file', instanceId, pasteId, fileName });

describe('pastedeck: paths', () => {
  test('the four shapes', () => {
    assert.equal(toPastePath({ kind: 'root' }), '/');
    assert.equal(toPastePath({ kind: 'instance', instanceId: 'paste-gg' }), '/paste-gg');
    assert.equal(toPastePath({ kind: 'paste', instanceId: 'paste-gg', pasteId: 'abc123' }), '/paste-gg/abc123');
    assert.equal(toPastePath(file('main.ts')), '/paste-gg/abc123/main.ts');
    assert.deepEqual(fromPastePath('/'), { kind: 'root' });
    assert.deepEqual(fromPastePath('/paste-gg'), { kind: 'instance', instanceId: 'paste-gg' });
    assert.deepEqual(fromPastePath('/paste-gg/abc123'), { kind: 'paste', instanceId: 'paste-gg', pasteId: 'abc123' });
    assert.deepEqual(fromPastePath('/paste-gg/abc123/main.ts'), file('main.ts'));
  });

  test('a relative path in a file name stays one segment', () => {
    assert.equal(toPastePath(file('src/app.ts')), '/paste-gg/abc123/src%2Fapp.ts');
    assert.deepEqual(fromPastePath('/paste-gg/abc123/src%2Fapp.ts'), file('src/app.ts'));
  });

  test('plain names are not escaped (tabs show them as they are)', () => {
    assert.equal(toPastePath(file('my notes (1).md')), '/paste-gg/abc123/my notes (1).md');
    assert.equal(toPastePath(file('ünïcødé ✓.txt')), '/paste-gg/abc123/ünïcødé ✓.txt');
  });

  const odd = [
    'a/b/c.txt',
    '/leading',
    'trailing/',
    'back\\slash.txt',
    '100%.txt',
    '%2F literally',
    '%25%',
    '.',
    '..',
    '...',
    '.hidden',
    'a?b#c&d=e',
    ' ',
    'tab\there',
    'emoji 🎉',
    '..%2F..',
  ];
  for (const name of odd) {
    test(`round trip of the file name ${JSON.stringify(name)}`, () => {
      const path = toPastePath(file(name));
      assert.equal(path.split('/').length, 4, path);
      assert.deepEqual(fromPastePath(path), file(name));
    });
  }

  test('odd paste ids round trip too', () => {
    for (const id of ['12', 'a/b', '..', 'x%y']) {
      const loc: PasteLocation = { kind: 'paste', instanceId: 'own', pasteId: id };
      assert.deepEqual(fromPastePath(toPastePath(loc)), loc);
    }
  });

  test('empty ids and names cannot be written', () => {
    assert.throws(() => toPastePath(file('')));
    assert.throws(() => toPastePath({ kind: 'instance', instanceId: '' }));
  });

  const malformed = [
    '',
    'paste-gg/abc',
    '//',
    '/paste-gg/',
    '/paste-gg//x',
    '/paste-gg/abc/',
    '/paste-gg/abc/f/g',
    '/paste-gg/abc/.',
    '/paste-gg/abc/..',
    '/paste-gg/abc/%',
    '/paste-gg/abc/%2',
    '/paste-gg/abc/%41',
    '/paste-gg/abc/%2f',
    '/paste-gg/abc/a%2Eb',
    '/paste-gg/abc/back\\slash',
  ];
  for (const path of malformed) {
    test(`rejects ${JSON.stringify(path)}`, () => {
      assert.equal(fromPastePath(path), undefined);
    });
  }

  test('pasteOf', () => {
    assert.deepEqual(pasteOf(file('x')), { instanceId: 'paste-gg', pasteId: 'abc123' });
    assert.equal(pasteOf({ kind: 'instance', instanceId: 'i' }), undefined);
  });
});
