import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { extensionForLanguage, languageForFileName, languageMap } from '../../src/core/languages';

describe('languages', () => {
  test('file names map to VS Code language ids, including special names', () => {
    assert.equal(languageForFileName('src/app.ts'), 'typescript');
    assert.equal(languageForFileName('C:\\work\\main.PY'), 'python');
    assert.equal(languageForFileName('Dockerfile'), 'dockerfile');
    assert.equal(languageForFileName('Makefile'), 'makefile');
    assert.equal(languageForFileName('.env.local'), 'dotenv');
    assert.equal(languageForFileName('notes'), undefined);
    assert.equal(languageForFileName('archive.unknownext'), undefined);
  });

  test('language ids name untitled shares, plain text when unknown', () => {
    assert.equal(extensionForLanguage('python'), 'py');
    assert.equal(extensionForLanguage('no-such-language'), 'txt');
    assert.equal(extensionForLanguage(undefined), 'txt');
  });

  test('a language map goes both ways and knows output-only names', () => {
    const map = languageMap([
      ['cpp', 'cplusplus'],
      ['cpp', 'cpp'],
      ['csharp', 'csharp'],
      ['csharp', 'cs'],
    ]);
    assert.equal(map.toService('cpp'), 'cplusplus', 'the first name listed is the one sent');
    assert.equal(map.fromService('cpp'), 'cpp');
    assert.equal(map.fromService('CS'), 'csharp', 'names are matched case-insensitively');
    assert.equal(map.toService('rust'), undefined);
    assert.equal(map.fromService(null), undefined);
  });
});
