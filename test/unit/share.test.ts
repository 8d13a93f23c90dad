import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { PasteError } from '../../src/core/errors';
import type { Capabilities, CreateInput, Paste, PasteProvider } from '../../src/core/model';
import { sharePastes } from '../../src/core/share';

function fakeProvider(multiFile: boolean, behaviour: (input: CreateInput) => Promise<Paste>): PasteProvider & { calls: CreateInput[]; maxInFlight: number } {
  let inFlight = 0;
  const fake = {
    calls: [] as CreateInput[],
    maxInFlight: 0,
    service: 'ownpaste' as const,
    serviceName: 'fake',
    baseUrl: 'http://127.0.0.1:1',
    capabilities: { multiFile } as Capabilities,
    async create(input: CreateInput) {
      fake.calls.push(input);
      inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
      try {
        return await behaviour(input);
      } finally {
        inFlight--;
      }
    },
  };
  return fake as unknown as PasteProvider & typeof fake;
}

const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}.txt`, content: `content ${i}` }));
const pasteFor = (input: CreateInput): Paste => ({ service: 'ownpaste', id: input.files[0]!.name, files: [], complete: false });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sharePastes', () => {
  test('a multi-file service gets all files in one create', async () => {
    const provider = fakeProvider(true, async (i) => pasteFor(i));
    const out = await sharePastes(provider, { files: files(3) });
    assert.equal(provider.calls.length, 1);
    assert.equal(provider.calls[0]!.files.length, 3);
    assert.equal(out.created.length, 1);
  });

  test('a single-file service gets one create per file, at most four at a time, in the user order', async () => {
    const provider = fakeProvider(false, async (i) => {
      await tick(10 + Math.random() * 10);
      return pasteFor(i);
    });
    const out = await sharePastes(provider, { title: 'Share', files: files(10) });
    assert.equal(provider.calls.length, 10);
    assert.equal(provider.maxInFlight, 4);
    assert.deepEqual(out.created.map((c) => c.paste.id), files(10).map((f) => f.name));
    assert.equal(provider.calls[0]!.title, 'Share: f0.txt');
    assert.equal(new Set(provider.calls.map((c) => c.files[0]!.name)).size, 10, 'no file is sent twice');
  });

  test('failures are reported per file and nothing is retried', async () => {
    const provider = fakeProvider(false, async (i) => {
      if (i.files[0]!.name === 'f1.txt') throw new PasteError('server', 'boom');
      if (i.files[0]!.name === 'f2.txt') throw new Error('weird');
      return pasteFor(i);
    });
    const out = await sharePastes(provider, { files: files(4) });
    assert.equal(provider.calls.length, 4);
    assert.deepEqual(out.created.map((c) => c.paste.id), ['f0.txt', 'f3.txt']);
    assert.deepEqual(out.failed.map((f) => [f.file.name, f.error.kind]), [['f1.txt', 'server'], ['f2.txt', 'server']]);
  });

  test('cancelling stops sending and lists the files never sent', async () => {
    const controller = new AbortController();
    const provider = fakeProvider(false, async (i) => {
      await tick(20);
      return pasteFor(i);
    });
    setTimeout(() => controller.abort(), 5);
    const out = await sharePastes(provider, { files: files(9) }, { signal: controller.signal, concurrency: 2 });
    assert.equal(provider.calls.length, 2);
    assert.equal(out.created.length, 2);
    assert.equal(out.skipped.length, 7);
  });
});
