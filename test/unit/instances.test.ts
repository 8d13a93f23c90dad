import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { parseInstances, pickDefaultInstance } from '../../src/core/instances';

const services = {
  pastegg: { defaultBaseUrl: 'https://api.paste.gg/v1' },
  pasteee: { defaultBaseUrl: 'https://api.paste.ee/v1' },
  ownpaste: {},
  modernpaste: {},
  pasteapi: {},
};

describe('parseInstances', () => {
  test('public services get their default base URL and an id from their name', () => {
    const { instances, problems } = parseInstances([{ service: 'pastegg', name: 'paste.gg' }], services);
    assert.deepEqual(problems, []);
    assert.deepEqual(instances, [
      { id: 'paste-gg', service: 'pastegg', name: 'paste.gg', baseUrl: 'https://api.paste.gg/v1', allowInsecureHttp: false, username: undefined, webUrl: undefined },
    ]);
  });

  test('two instances of one service live side by side with distinct ids', () => {
    const { instances } = parseInstances(
      [
        { service: 'ownpaste', name: 'Work', baseUrl: 'https://paste.work.example/' },
        { service: 'ownpaste', name: 'Home', baseUrl: 'http://192.168.1.5:8000', allowInsecureHttp: true },
        { service: 'ownpaste', name: 'Work', baseUrl: 'https://other.example' },
      ],
      services,
    );
    assert.deepEqual(instances.map((i) => [i.id, i.baseUrl, i.allowInsecureHttp]), [
      ['work', 'https://paste.work.example', false],
      ['home', 'http://192.168.1.5:8000', true],
      ['work-2', 'https://other.example', false],
    ]);
  });

  test('entries that cannot work are reported, not thrown', () => {
    const { instances, problems } = parseInstances(
      [
        { service: 'pastebin' },
        { service: 'ownpaste', name: 'no url' },
        { service: 'modernpaste', baseUrl: 'ftp://x' },
        { service: 'pasteapi', baseUrl: 'https://user:pw@x.example' },
        'nonsense',
        { service: 'pasteapi', baseUrl: 'not a url' },
      ],
      services,
    );
    assert.equal(instances.length, 0);
    assert.equal(problems.length, 6);
    assert.ok(!problems.join().includes('pw@'), 'credentials in a URL are never echoed');
  });

  test('the default instance is found by id or name, else the first', () => {
    const { instances } = parseInstances([{ service: 'pastegg', name: 'paste.gg' }, { service: 'pasteee', name: 'paste.ee' }], services);
    assert.equal(pickDefaultInstance(instances, 'paste.ee')?.id, 'paste-ee');
    assert.equal(pickDefaultInstance(instances, 'paste-ee')?.id, 'paste-ee');
    assert.equal(pickDefaultInstance(instances, 'missing')?.id, 'paste-gg');
    assert.equal(pickDefaultInstance([], undefined), undefined);
  });
});
