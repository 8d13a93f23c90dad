#!/usr/bin/env node
// Bundles each test/unit/**/*.test.ts with esbuild into out/unit/ and runs them with node:test.
// Usage: npm run test:unit [-- <filter substring>]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const filter = process.argv[2];
function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const entryPoints = find('test/unit').filter((f) => !filter || f.includes(filter));
// A folder per run, so runs side by side (two terminals, CI and a watcher) never clobber each other.
const outdir = join('out', 'unit', String(process.pid));
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  outbase: 'test/unit',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  packages: 'external',
  logLevel: 'warning',
});
const files = entryPoints.map((f) => join(outdir, relative('test/unit', f)).replace(/\.ts$/, '.js'));
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
rmSync(outdir, { recursive: true, force: true });
process.exit(r.status ?? 1);
