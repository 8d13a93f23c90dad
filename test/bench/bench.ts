// `npm run bench`: the figures we report. Not a test: it measures and prints.
// - overhead of one share through a provider, against a raw HTTP call carrying the same body
// - listing many pastes through the provider, page by page
// Bundle size and activation time are measured by scripts/bench.mjs around this file.
import { performance } from 'node:perf_hooks';
import { createPasteEeProvider } from '../../src/providers/pasteee';
import { createPasteGgProvider } from '../../src/providers/pastegg';
import { startPasteEeServer } from '../servers/pasteee';
import { startPasteGgServer } from '../servers/pastegg';

function stats(samples: number[]): { median: number; mean: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), mean: s.reduce((a, b) => a + b, 0) / s.length, p95: at(0.95) };
}

const ms = (n: number) => `${n.toFixed(3)} ms`;

async function shareOverhead(rounds: number): Promise<Record<string, string>> {
  const server = await startPasteGgServer();
  try {
    const base = `${server.origin}/api/v1`;
    const provider = createPasteGgProvider({ baseUrl: base, getCredentials: async () => server.validCredentials });
    const file = { name: 'bench.ts', content: 'export const answer = 42;\n'.repeat(40), language: 'typescript' };
    const rawBody = JSON.stringify({ name: 'bench', visibility: 'unlisted', files: [{ name: file.name, content: { format: 'text', value: file.content, highlight_language: 'typescript' } }] });
    const auth = { Authorization: `Key ${server.validCredentials.key}`, 'Content-Type': 'application/json' };
    // warm up both paths
    for (let i = 0; i < 20; i++) {
      await provider.create({ title: 'bench', visibility: 'unlisted', files: [file] });
      await (await fetch(`${base}/pastes`, { method: 'POST', headers: auth, body: rawBody })).text();
    }
    const raw: number[] = [];
    const viaProvider: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t0 = performance.now();
      const res = await fetch(`${base}/pastes`, { method: 'POST', headers: auth, body: rawBody });
      JSON.parse(await res.text());
      raw.push(performance.now() - t0);
      t0 = performance.now();
      await provider.create({ title: 'bench', visibility: 'unlisted', files: [file] });
      viaProvider.push(performance.now() - t0);
    }
    const r = stats(raw);
    const p = stats(viaProvider);
    return {
      'share: raw fetch POST, median': ms(r.median),
      'share: provider.create, median': ms(p.median),
      'share: overhead per share, median': ms(p.median - r.median),
      'share: provider.create p95': ms(p.p95),
      'share: rounds': String(rounds),
    };
  } finally {
    await server.close();
  }
}

async function listMany(count: number): Promise<Record<string, string>> {
  const server = await startPasteEeServer();
  try {
    server.seed(count, { owned: true });
    const provider = createPasteEeProvider({ baseUrl: `${server.origin}/v1`, getCredentials: async () => server.validCredentials });
    const t0 = performance.now();
    let cursor: string | undefined;
    let items = 0;
    let pages = 0;
    do {
      const page = await provider.listOwn({ cursor, limit: 100 });
      items += page.items.length;
      pages++;
      cursor = page.next;
    } while (cursor);
    const total = performance.now() - t0;
    return {
      'list: pastes listed': String(items),
      'list: pages': String(pages),
      'list: total': ms(total),
      'list: per paste': ms(total / Math.max(1, items)),
    };
  } finally {
    await server.close();
  }
}

export async function runBench(): Promise<Record<string, string>> {
  return { ...(await shareOverhead(200)), ...(await listMany(2000)) };
}
