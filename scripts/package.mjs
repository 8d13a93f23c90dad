#!/usr/bin/env node
// Builds the minified bundle and packs it into pastedeck-<version>.vsix with @vscode/vsce (offline).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './host-paths.mjs';

export function packageVsix() {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const out = join(REPO_ROOT, `pastedeck-${version}.vsix`);
  const steps = [
    [process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--production']],
    [process.execPath, [join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${args[0]} failed (${r.status})`);
  }
  const bundle = statSync(join(REPO_ROOT, 'dist/extension.js')).size;
  console.log(`[package] ${out}: ${statSync(out).size} bytes (bundle ${bundle} bytes)`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    packageVsix();
  } catch (err) {
    console.error(`[package] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
