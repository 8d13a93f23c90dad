#!/usr/bin/env node
// `npm run test:electron`: the in-host mocha suite (test/e2e/host) in desktop VS Code through
// @vscode/test-electron. It downloads VS Code (into .vscode-test/), so it needs internet and is NOT
// part of `npm test`; on machines without internet `npm run test:e2e` runs the same suite in
// code-server. VSCODE_VERSION picks the version (default: stable).
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHostTests } from './e2e.mjs';
import { REPO_ROOT } from './host-paths.mjs';

async function main() {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const extensionTestsPath = await bundleHostTests();
  const workspace = mkdtempSync(join(tmpdir(), 'pastedeck-electron-'));
  writeFileSync(join(workspace, 'README.md'), '# in-host tests\n');
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`[test:electron] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
