#!/usr/bin/env node
// End-to-end tests in a real VS Code (code-server + Debian Chromium, see test/e2e/harness.ts):
//   1. provision the host (reused when cached), 2. package the .vsix once,
//   3. bundle test/e2e with esbuild into out/e2e, 4. run the in-host mocha suite (test/e2e/host),
//   5. run the Playwright files (test/e2e/*.e2e.ts) with node:test,
// then print `e2e: N passed, N failed` and exit non-zero on any failure.
// Usage: npm run test:e2e [-- <filter>]   (filter: substring of an e2e file name, or "host")
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './host-paths.mjs';
import { packageVsix } from './package.mjs';
import { provision } from './provision.mjs';

const OUT = join(REPO_ROOT, 'out', 'e2e');
const E2E_DIR = join(REPO_ROOT, 'test', 'e2e');

/** Bundles the in-host mocha suite (index + *.test.ts) into out/e2e/host; returns the tests module. */
export async function bundleHostTests() {
  const hostDir = join(E2E_DIR, 'host');
  const entryPoints = readdirSync(hostDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(hostDir, f));
  rmSync(join(OUT, 'host'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: join(OUT, 'host'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode comes from the extension host; mocha must be the one instance index.js drives.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(OUT, 'host', 'index.js');
}

/** Bundles harness.ts and every *.e2e.ts into out/e2e; returns the bundled e2e files. */
export async function bundleE2eTests(filter) {
  const files = readdirSync(E2E_DIR).filter((f) => f.endsWith('.e2e.ts')).sort();
  const selected = files.filter((f) => !filter || f.includes(filter));
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT, { withFileTypes: true }).filter((d) => d.isFile())) rmSync(join(OUT, f.name));
  await esbuild.build({
    entryPoints: [join(E2E_DIR, 'harness.ts'), ...selected.map((f) => join(E2E_DIR, f))],
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    packages: 'external',
    logLevel: 'warning',
  });
  return selected.map((f) => join(OUT, f.replace(/\.ts$/, '.js')));
}

/** The running `node --test` (its own process group), so a signal can be passed on to all of it. */
let testRunner;

/** Runs `node --test` on the files, echoing its output; returns the counts it printed. */
function runNodeTests(files, env) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000', ...files],
      { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
    );
    testRunner = child;
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => {
      testRunner = undefined;
      const count = (label) => Number(out.match(new RegExp(`^\\S*\\s*ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      let failed = count('fail') + count('cancelled');
      if (code !== 0 && failed === 0) failed = 1; // crashed before reporting
      resolve({ passed, failed });
    });
  });
}

function killLeftovers(pidDir) {
  if (!existsSync(pidDir)) return;
  for (const name of readdirSync(pidDir)) {
    const pid = Number(name);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('code-server')) {
        console.log(`[e2e] killing leftover code-server group ${pid}`);
        process.kill(-pid, 'SIGKILL');
      }
    } catch {
      // gone
    }
  }
  rmSync(pidDir, { recursive: true, force: true });
}

async function main() {
  const filter = process.argv[2];
  const started = Date.now();
  provision();
  const vsix = packageVsix();
  const pidDir = mkdtempSync(join(tmpdir(), 'pastedeck-e2e-pids-'));
  const env = { ...process.env, PASTEDECK_VSIX: vsix, PASTEDECK_E2E_PIDDIR: pidDir };
  Object.assign(process.env, { PASTEDECK_VSIX: vsix, PASTEDECK_E2E_PIDDIR: pidDir });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.log(`\n[e2e] ${signal}: stopping`);
      // The test files stop their own workbenches on the signal; the pid files are the backstop.
      if (testRunner?.pid) {
        try {
          process.kill(-testRunner.pid, signal);
        } catch {
          // gone
        }
      }
      setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129), 5000);
    });
  }
  process.on('exit', () => killLeftovers(pidDir));

  const testsModule = await bundleHostTests();
  const e2eFiles = await bundleE2eTests(filter);
  let passed = 0;
  let failed = 0;

  if (!filter || 'host'.includes(filter)) {
    console.log('\n[e2e] in-host suite (mocha inside the extension host)');
    const { runHostTests } = createRequire(import.meta.url)(join(OUT, 'harness.js'));
    const result = await runHostTests({ name: 'host-suite', testsModule, files: { 'README.md': '# host tests\n' } });
    for (const t of result.tests) {
      const mark = t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✖';
      console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs}ms)` : ''}`);
      if (t.error) console.log(t.error.replace(/^/gm, '      '));
    }
    console.log(`  in-host: ${result.passed} passed, ${result.failed} failed (${(result.durationMs / 1000).toFixed(1)} s)`);
    if (result.artifactsDir) console.log(`  artifacts: ${result.artifactsDir}`);
    passed += result.passed;
    failed += result.failed + (result.failed === 0 && result.exitCode !== 0 ? 1 : 0);
  }

  if (e2eFiles.length > 0) {
    console.log(`\n[e2e] Playwright tests: ${e2eFiles.length} file(s)`);
    const counts = await runNodeTests(e2eFiles, env);
    passed += counts.passed;
    failed += counts.failed;
  }

  killLeftovers(pidDir);
  console.log(`\n[e2e] finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(`[e2e] ${err instanceof Error ? err.stack : err}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  });
}
