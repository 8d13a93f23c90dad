#!/usr/bin/env node
// `npm start`: VS Code in the browser (code-server) with PasteDeck installed, on 127.0.0.1.
// Provisions the host (reused when cached), packages the .vsix, opens the git-ignored
// .cache/playground folder, prints the URL and stays up; Ctrl-C (or SIGTERM) stops everything.
// PORT=<n> picks the port (default: a free one).
// If test/servers/index.ts exists, its local paste servers are started too and their settings merged
// into the user settings (see test/e2e/local-servers.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './host-paths.mjs';
import { packageVsix } from './package.mjs';
import { provision } from './provision.mjs';
import { startLocalServers } from '../test/e2e/local-servers.mjs';

const log = (msg) => console.log(`[start] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const STATE = join(REPO_ROOT, '.cache', 'start');
const PLAYGROUND = join(REPO_ROOT, '.cache', 'playground');
const SAMPLES = {
  'README.md': '# PasteDeck playground\n\nSelect some text, right-click and share it, or open the PasteDeck view in the activity bar.\n',
  'hello.ts': 'export function hello(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  'notes/todo.txt': 'Share this file to a paste service.\n',
};
const BASE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
};

function seedPlayground() {
  if (existsSync(PLAYGROUND)) return;
  for (const [rel, text] of Object.entries(SAMPLES)) {
    const file = join(PLAYGROUND, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  log(`created ${PLAYGROUND} with ${Object.keys(SAMPLES).length} sample files`);
}

/** Merges settings into User/settings.json, keeping what a person changed there before. */
function writeSettings(userDataDir, extra) {
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  let existing = {};
  if (existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      if (Object.keys(extra).length > 0) {
        log(`warning: ${file} is not plain JSON (comments?); the local servers' settings were not merged into it`);
      }
      return;
    }
  }
  writeFileSync(file, JSON.stringify({ ...BASE_SETTINGS, ...existing, ...extra }, null, 2));
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 1000);
    try {
      if ((await fetch(url, { signal: abort.signal })).ok) return true;
    } catch {
      // not yet
    } finally {
      clearTimeout(timer);
    }
    await sleep(150);
  }
  return false;
}

function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function main() {
  const paths = provision();
  const vsix = packageVsix();
  seedPlayground();

  const userDataDir = join(STATE, 'user-data');
  const extensionsDir = join(STATE, 'extensions');
  const logFile = join(STATE, 'code-server.log');
  mkdirSync(STATE, { recursive: true });

  let servers;
  let child;
  let stopping;
  const stop = (code) => {
    stopping ??= (async () => {
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        log('stopping code-server…');
        const exited = new Promise((r) => child.once('exit', r));
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // gone
        }
        const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
        try {
          process.kill(-child.pid, 'SIGKILL'); // the rest of its group, if any
        } catch {
          // gone
        }
        if (!done) await Promise.race([exited, sleep(2000)]);
      }
      if (servers) {
        log('closing local servers…');
        await Promise.race([servers.close().catch((err) => log(`closing servers: ${err}`)), sleep(5000)]);
      }
      log('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGHUP', () => void stop(0));
  process.on('exit', () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  servers = await startLocalServers(REPO_ROOT);
  writeSettings(userDataDir, servers?.settings ?? {});

  const env = { ...process.env, PATH: `${paths.nodeBinDir}:${process.env.PATH}`, XDG_CONFIG_HOME: join(STATE, 'config'), XDG_DATA_HOME: join(STATE, 'data') };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'PORT' || key === 'PASSWORD' || key === 'HASHED_PASSWORD' || key === 'NODE_OPTIONS') delete env[key];
  }
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const install = spawnSync(paths.nodeBin, [paths.codeServerBin, ...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}\n${install.stderr}`);

  const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
  const out = openSync(logFile, 'w');
  child = spawn(
    paths.nodeBin,
    [paths.codeServerBin, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-workspace-trust', '--disable-update-check', ...common, PLAYGROUND],
    { env, detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] code-server exited (${code ?? signal}); last lines of ${logFile}:\n${tail(logFile)}`);
    void stop(1);
  });

  if (!(await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, 30_000))) {
    console.error(`[start] code-server did not come up on port ${port}; last lines of ${logFile}:\n${tail(logFile)}`);
    await stop(1);
    return;
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(PLAYGROUND)}`;
  console.log('');
  if (servers) console.log(`Local paste servers:\n${servers.describe()}\n`);
  console.log(`  PasteDeck is running in VS Code at:\n\n    ${url}\n`);
  console.log(`  Workspace: ${PLAYGROUND}`);
  console.log(`  Log:       ${logFile}`);
  console.log('  Press Ctrl-C to stop.\n');
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
