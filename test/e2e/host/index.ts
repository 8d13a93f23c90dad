// The tests module the extension host loads (extensionTestsPath): runs every *.test.js bundled
// next to it with mocha, inside the extension host, with the real `vscode` API.
// With PASTEDECK_HOST_RESULTS set (test/e2e/harness.ts) the results go to that JSON file;
// otherwise (scripts/test-electron.mjs) mocha's spec reporter prints them.
import Mocha from 'mocha';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface CaseResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const resultsFile = process.env.PASTEDECK_HOST_RESULTS;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 20_000,
    reporter: resultsFile ? Mocha.reporters.Base : Mocha.reporters.Spec,
    ...(process.env.PASTEDECK_HOST_GREP ? { grep: process.env.PASTEDECK_HOST_GREP } : {}),
  });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const results: CaseResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (resultsFile) {
        const tmp = `${resultsFile}.tmp`;
        writeFileSync(tmp, JSON.stringify({ tests: results }, null, 2));
        renameSync(tmp, resultsFile);
      }
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: unknown) =>
      results.push({
        title: t.fullTitle(),
        state: 'failed',
        durationMs: t.duration ?? 0,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
    );
  });
}
