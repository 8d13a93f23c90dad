// The hook for local paste-service servers, shared by scripts/start.mjs and test/e2e/harness.ts.
// If test/servers/index.ts exists it must export
//   startAllServers(): Promise<{ settings: Record<string, unknown>, describe(): string, close(): Promise<void> }>
// It is bundled with esbuild into out/servers/ (so paths there should not rely on __dirname;
// use the repository root, which is the working directory of every script) and started here.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const SERVERS_ENTRY = 'test/servers/index.ts';

/** @returns {Promise<undefined | { settings: Record<string, unknown>, describe(): string, close(): Promise<void> }>} */
export async function startLocalServers(repoRoot) {
  const entry = join(repoRoot, SERVERS_ENTRY);
  if (!existsSync(entry)) return undefined;
  const esbuild = await import('esbuild');
  const outDir = join(repoRoot, 'out', 'servers');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `index.${process.pid}.${Date.now()}.cjs`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  let mod;
  try {
    mod = createRequire(outfile)(outfile);
  } finally {
    rmSync(outfile, { force: true });
  }
  if (typeof mod.startAllServers !== 'function') {
    throw new Error(`${SERVERS_ENTRY} does not export startAllServers()`);
  }
  const servers = await mod.startAllServers();
  if (!servers || typeof servers.close !== 'function' || typeof servers.describe !== 'function') {
    throw new Error(`${SERVERS_ENTRY}: startAllServers() must return { settings, describe(), close() }`);
  }
  servers.settings ??= {};
  return servers;
}
