// A real VS Code (code-server) with PasteDeck installed, driven by Debian's Chromium through
// playwright-core. See /work/shared/notes/real-vscode-host.md for why it is built this way.
//
//   const session = useWorkbench({ name: 'basics', files: { 'a.txt': 'hi' } }); // before/after hooks
//   test('…', session.run(async (wb) => { await wb.runCommand('PasteDeck: Show Log'); … }));
//
// Everything started here (code-server's process group, Chromium, local servers, temp dirs) is
// stopped by process id when a workbench stops, when a test fails, and when the process exits or
// is interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync,
  unlinkSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { after, before, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

// ---------------------------------------------------------------------------------------------
// Paths and small utilities

/** The repository root: the nearest folder above this bundle whose package.json is PasteDeck's. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pastedeck') {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no PasteDeck package.json above ${from}`);
  }
}

export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

interface HostPaths {
  root: string;
  nodeBin: string;
  nodeBinDir: string;
  codeServerBin: string;
  chromium: string;
}

/** Runtime import that esbuild leaves alone (the scripts are ES modules that use import.meta). */
async function importScript<T>(relPath: string): Promise<T> {
  const url = pathToFileURL(join(REPO_ROOT, relPath)).href;
  return (await import(url)) as T;
}

async function provisionHost(): Promise<HostPaths> {
  const { provision } = await importScript<{ provision(): HostPaths }>('scripts/provision.mjs');
  return provision();
}

const log = (msg: string): void => {
  if (process.env.PASTEDECK_E2E_QUIET !== '1') console.log(`[harness] ${msg}`);
};

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((r) => server.close(r));
  if (!port) throw new Error('could not find a free port');
  return port;
}

/** A name safe for a folder: letters, digits, dot, dash and underscore. */
export function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'unnamed';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A CSS string literal (for attribute selectors). */
function cssString(text: string): string {
  return JSON.stringify(text);
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/** Monaco renders spaces as U+00A0; give tests plain text. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------------------------
// Cleanup of everything started, also on failure and interruption

interface Resource {
  /** Synchronous last-resort cleanup, used from process 'exit'. */
  killNow(): void;
  /** Orderly cleanup. */
  stop(): Promise<void>;
}

const live = new Set<Resource>();
let handlersInstalled = false;
let interrupted = false;

function track(resource: Resource): Resource {
  if (interrupted) {
    // A signal came while this was starting: do not leave it behind.
    resource.killNow();
    throw new Error('interrupted');
  }
  live.add(resource);
  if (!handlersInstalled) {
    handlersInstalled = true;
    process.on('exit', () => {
      for (const r of live) r.killNow();
    });
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      // Exit after cleaning up only if nobody else (scripts/e2e.mjs, node:test) decides about exiting.
      const exitAfterwards = process.listenerCount(signal) === 0;
      process.once(signal, () => {
        interrupted = true;
        log(`${signal}: stopping ${live.size} started resource(s)`);
        const all = Promise.allSettled([...live].map((r) => r.stop()));
        const deadline = sleep(8000);
        void Promise.race([all, deadline]).finally(() => {
          if (exitAfterwards) process.exit(code);
        });
      });
    }
  }
  return resource;
}

function untrack(resource: Resource): void {
  live.delete(resource);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the group, then SIGKILL if it is still there after `graceMs`. */
async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined);
  killGroup(pid, 'SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  // The leader may be gone while its extension host lingers: finish the group either way.
  killGroup(pid, 'SIGKILL');
  if (!done) await Promise.race([exited, sleep(2000)]);
}

/** Records a process group in PASTEDECK_E2E_PIDDIR so scripts/e2e.mjs can kill leftovers. */
function recordPid(pid: number): () => void {
  const dir = process.env.PASTEDECK_E2E_PIDDIR;
  if (!dir) return () => undefined;
  const file = join(dir, String(pid));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, String(pid));
  } catch {
    return () => undefined;
  }
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // fine
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Local servers (test/servers/index.ts, written separately; optional)

export interface LocalServers {
  settings: Record<string, unknown>;
  describe(): string;
  close(): Promise<void>;
}

/** Starts test/servers (if that file exists) in this process; `undefined` when there is none. */
export async function startLocalServers(): Promise<LocalServers | undefined> {
  const { startLocalServers: start } = await importScript<{
    startLocalServers(root: string): Promise<LocalServers | undefined>;
  }>('test/e2e/local-servers.mjs');
  return start(REPO_ROOT);
}

// ---------------------------------------------------------------------------------------------
// code-server + Chromium

export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  // Quieter, leaner workbench for tests; each can be overridden through options.settings.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
  // One row per folder, so explorer paths can be walked segment by segment.
  'explorer.compactFolders': false,
  // Saving is what a test does on purpose (save()), never on a timer.
  'files.autoSave': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface HostOptions {
  /** Used for temp folder names and as the default test-results folder. */
  name?: string;
  /** Workspace content: relative path → text. Written to a fresh folder for each start. */
  files?: Record<string, string>;
  /** The workspace folder's name (what the explorer shows). Default `workspace`. */
  workspaceName?: string;
  /** Merged over DEFAULT_SETTINGS into User/settings.json. */
  settings?: Record<string, unknown>;
  /** Added to code-server's environment (the extension host inherits it). */
  env?: Record<string, string>;
  /** Start test/servers/index.ts and merge its settings (the servers live in this process). */
  localServers?: boolean;
  /** Keep the temp folder after stop (also with PASTEDECK_KEEP_TMP=1). */
  keepTemp?: boolean;
}

export interface WorkbenchOptions extends HostOptions {
  /** The .vsix to install. Default: $PASTEDECK_VSIX, else pastedeck-<version>.vsix (packaged if missing). */
  vsix?: string;
  viewport?: { width: number; height: number };
  /** How long to wait for `.monaco-workbench`. Default 60 s. */
  startTimeoutMs?: number;
}

interface Host extends Resource {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly runDir: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly codeServerLog: string;
  readonly servers: LocalServers | undefined;
  readonly process: ChildProcess;
}

function writeFiles(root: string, files: Record<string, string>): void {
  mkdirSync(root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const target = resolve(root, rel);
    if (!target.startsWith(root + '/')) throw new Error(`workspace file outside the workspace: ${rel}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** code-server must not see a surrounding VS Code's or test runner's variables. */
function childEnv(paths: HostPaths, runDir: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k.startsWith('NODE_TEST') || k === 'NODE_OPTIONS' || k === 'PASSWORD' || k === 'HASHED_PASSWORD' || k === 'PORT') continue;
    env[k] = v;
  }
  return {
    ...env,
    PATH: `${paths.nodeBinDir}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(runDir, 'config'),
    XDG_DATA_HOME: join(runDir, 'data'),
    ...extra,
  };
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before listening:\n${tail(logFile, 30)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms:\n${tail(logFile, 30)}`);
}

/** Runs a short command without blocking the event loop (signals stay handled). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | string; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolvePromise({ code: err.message, output }));
    child.on('close', (code, signal) => resolvePromise({ code: code ?? signal ?? 'unknown', output }));
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startHost(
  options: HostOptions & { vsix?: string; extraArgs?: string[]; extraEnv?: Record<string, string> },
): Promise<Host> {
  const paths = await provisionHost();
  const name = safeName(options.name ?? 'workbench');
  const runDir = mkdtempSync(join(tmpdir(), `pastedeck-e2e-${name}-`));
  const workspaceDir = join(runDir, options.workspaceName ?? 'workspace');
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const codeServerLog = join(runDir, 'code-server.log');
  writeFiles(workspaceDir, options.files ?? {});
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });

  let servers: LocalServers | undefined;
  const cleanupEarly = (): void => {
    if (!(options.keepTemp || process.env.PASTEDECK_KEEP_TMP === '1')) rmSync(runDir, { recursive: true, force: true });
  };
  try {
    if (options.localServers) {
      servers = await startLocalServers();
      if (servers) log(`local servers: ${servers.describe()}`);
      else log('localServers requested, but test/servers/index.ts does not exist; continuing without');
    }
    const settings = { ...DEFAULT_SETTINGS, ...(servers?.settings ?? {}), ...(options.settings ?? {}) };
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const env = childEnv(paths, runDir, { ...options.env, ...options.extraEnv });
    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    if (options.vsix) {
      const r = await run(paths.nodeBin, [paths.codeServerBin, ...common, '--install-extension', options.vsix, '--force'], env, 60_000);
      if (r.code !== 0 || !/successfully installed/i.test(r.output)) {
        throw new Error(`installing ${options.vsix} failed (${r.code}):\n${r.output}`);
      }
    }
    if (interrupted) throw new Error('interrupted');

    const port = await freePort();
    const out = openSync(codeServerLog, 'a');
    const child = spawn(
      paths.nodeBin,
      [
        paths.codeServerBin, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
        '--disable-workspace-trust', '--disable-update-check', ...common, ...(options.extraArgs ?? []), workspaceDir,
      ],
      { env, detached: true, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    const pid = child.pid;
    if (!pid) throw new Error('code-server did not start');
    const forgetPid = recordPid(pid);
    const baseUrl = `http://127.0.0.1:${port}`;

    let stopped: Promise<void> | undefined;
    const host: Host = {
      name, port, baseUrl, runDir, workspaceDir, userDataDir, extensionsDir, codeServerLog, servers, process: child,
      killNow() {
        killGroup(pid, 'SIGKILL');
        forgetPid();
        cleanupEarly();
      },
      stop() {
        stopped ??= (async () => {
          await stopGroup(child);
          forgetPid();
          if (servers) await servers.close().catch((err: unknown) => log(`closing local servers: ${errorMessage(err)}`));
          untrack(host);
          cleanupEarly();
        })();
        return stopped;
      },
    };
    track(host);
    try {
      await waitForHttp(`${baseUrl}/healthz`, child, codeServerLog, 30_000);
    } catch (err) {
      await host.stop();
      throw err;
    }
    return host;
  } catch (err) {
    if (servers) await servers.close().catch(() => undefined);
    cleanupEarly();
    throw err;
  }
}

interface BrowserHandle {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  console: string[];
}

async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserHandle> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    // This module handles signals itself and closes the browser in order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    consoleLines.push(`[${m.type()}] ${m.text()}`);
    if (consoleLines.length > 3000) consoleLines.splice(0, 1000);
  });
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return { browser, context, page, console: consoleLines };
}

async function closeBrowser(handle: BrowserHandle | undefined): Promise<void> {
  if (!handle) return;
  await Promise.race([handle.browser.close().catch(() => undefined), sleep(5000)]);
}

/** Finds `<name>.log` files of the extension host (the newest session first). */
function extHostLogFiles(userDataDir: string, channel: string): string[] {
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return [];
  const sessions = readdirSync(logsDir).sort().reverse();
  const found: string[] = [];
  const walk = (dir: string, inExtHost: boolean): void => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p, inExtHost || entry.startsWith('exthost'));
      else if (inExtHost && entry.endsWith('.log') && entry.includes(channel)) found.push(p);
    }
  };
  for (const s of sessions) {
    walk(join(logsDir, s), false);
    if (found.length) break;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The workbench a test drives

export interface Workbench {
  readonly page: Page;
  readonly baseUrl: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  /** The local servers when started with `localServers: true` (and test/servers exists). */
  readonly servers: LocalServers | undefined;

  /** Runs a command through the F1 palette: types `title`, picks the entry whose label is exactly `title`. */
  runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Right-clicks in the active editor (on the selection if there is one) and chooses `item` (a path for submenus). */
  contextMenuInEditor(item: string | string[]): Promise<void>;
  /** Selects the files (relative paths) in the explorer, ctrl-clicking all but the first, right-clicks and chooses `item`. */
  contextMenuInExplorer(files: string[], item: string | string[]): Promise<void>;
  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its tab to be active. */
  openFile(relPath: string): Promise<void>;
  /** Finds the row labelled `label` in the view titled `viewName` (expanding that pane if collapsed), clicks it unless `click: false`. */
  treeItem(viewName: string, label: string | RegExp, options?: { click?: boolean | 'double' | 'right'; timeoutMs?: number }): Promise<Locator>;
  /** Right-clicks a tree row and chooses `item`. */
  contextMenuInTree(viewName: string, label: string | RegExp, item: string | string[]): Promise<void>;
  /** Clicks the activity bar icon titled `containerTitle` (unless its container is already open). */
  openView(containerTitle: string): Promise<void>;
  /** Types into whatever has focus. */
  type(text: string): Promise<void>;
  /** Ctrl+S; resolves to true once the active tab is no longer dirty (false after `timeoutMs`). */
  save(options?: { timeoutMs?: number }): Promise<boolean>;
  /** Texts of the notification toasts now visible. */
  notifications(): Promise<string[]>;
  /** Waits for a toast whose text matches (or that notification in the center, if VS Code skipped its toast); returns its text. */
  waitForNotification(match: string | RegExp, options?: { timeoutMs?: number }): Promise<string>;
  /** Clicks a button (exact label) on a toast, or in the notification center if VS Code skipped the toast. */
  clickNotificationButton(text: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Clears all notifications, so a later waitForNotification cannot match an older toast. */
  clearNotifications(): Promise<void>;
  /** Clicks a button (exact label) on the modal dialog. */
  clickDialogButton(text: string): Promise<void>;
  /** The text of an extension output channel, read from its log file (default 'PasteDeck'). */
  readOutputChannel(name?: string): Promise<string>;
  /** Waits until the channel's log file matches. */
  waitForLog(match: string | RegExp, options?: { channel?: string; timeoutMs?: number }): Promise<string>;
  /** The visible lines of the Output panel's editor (what a person sees). */
  outputPanelText(): Promise<string>;
  /** The visible lines of the active text editor. */
  activeEditorText(): Promise<string>;
  /** The browser clipboard (where VS Code's env.clipboard writes in code-server). */
  clipboardText(): Promise<string>;
  /** Saves a PNG under test-results/<workbench name>/<name>.png, returns its path. */
  screenshot(name: string): Promise<string>;
  /** Saves screenshot, PasteDeck log, extension host log, code-server log and page console under test-results/<name>/. */
  saveArtifacts(name: string): Promise<string>;
  /** Stops Chromium, code-server's process group and local servers; removes the temp folders. */
  stop(): Promise<void>;
}

/** Packages the .vsix if none was given (scripts/e2e.mjs packages once and sets PASTEDECK_VSIX). */
async function resolveVsix(given: string | undefined): Promise<string> {
  if (given) return given;
  if (process.env.PASTEDECK_VSIX) return process.env.PASTEDECK_VSIX;
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const vsix = join(REPO_ROOT, `pastedeck-${version}.vsix`);
  if (existsSync(vsix)) return vsix;
  const { packageVsix } = await importScript<{ packageVsix(): string }>('scripts/package.mjs');
  process.env.PASTEDECK_VSIX = packageVsix();
  return process.env.PASTEDECK_VSIX;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const started = Date.now();
  const vsix = await resolveVsix(options.vsix);
  const host = await startHost({ ...options, vsix });
  let handle: BrowserHandle | undefined;
  const browserResource = track({
    killNow: () => undefined, // Playwright kills its browsers on exit
    stop: () => closeBrowser(handle),
  });
  try {
    handle = await launchBrowser(options.viewport);
    await handle.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.baseUrl });
    const url = new URL(host.baseUrl + '/');
    url.searchParams.set('folder', host.workspaceDir);
    await handle.page.goto(url.href);
    await handle.page.locator('.monaco-workbench').waitFor({ timeout: options.startTimeoutMs ?? 60_000 });
    // The explorer is the first thing a person sees; its presence means the workspace loaded.
    await handle.page.locator('.activitybar').waitFor({ timeout: 30_000 });
  } catch (err) {
    const wb = new WorkbenchImpl(host, handle, browserResource);
    await wb.saveArtifacts(`${host.name}-startup`).catch(() => undefined);
    await wb.stop();
    throw err;
  }
  log(`workbench ${host.name} ready on ${host.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return new WorkbenchImpl(host, handle, browserResource);
}

class WorkbenchImpl implements Workbench {
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly host: Host,
    private readonly handle: BrowserHandle | undefined,
    private readonly browserResource: Resource,
  ) {}

  get page(): Page {
    if (!this.handle) throw new Error('no browser');
    return this.handle.page;
  }
  get baseUrl(): string {
    return this.host.baseUrl;
  }
  get workspaceDir(): string {
    return this.host.workspaceDir;
  }
  get userDataDir(): string {
    return this.host.userDataDir;
  }
  get servers(): LocalServers | undefined {
    return this.host.servers;
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
    }
  }

  async runCommand(title: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    const wanted = exactText(title);
    let lastSeen: string[] = [];
    // Retries cover a palette opened before the extension's commands were registered.
    while (Date.now() < deadline) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      const input = this.quickInput().locator('input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${title}`);
      const rows = this.quickInput().locator('.monaco-list-row');
      const match = rows.filter({ has: this.page.locator('.label-name', { hasText: wanted }) }).first();
      try {
        await match.waitFor({ state: 'visible', timeout: 2000 });
      } catch {
        lastSeen = (await rows.locator('.label-name').allTextContents().catch(() => [])).map((t) => t.trim());
        await sleep(300);
        continue;
      }
      // Clicked means run: from here on never retry, or the command would run twice.
      await match.click();
      // Done when the palette closed, or when the command opened its own quick input in its place.
      await this.page
        .waitForFunction(
          () => {
            const widget = document.querySelector<HTMLElement>('.quick-input-widget');
            const field = widget?.querySelector('input');
            return !widget || widget.style.display === 'none' || !field || !field.value.startsWith('>');
          },
          undefined,
          { timeout: 5000 },
        )
        .catch(() => undefined);
      return;
    }
    await this.closeQuickInput();
    throw new Error(`no command "${title}" in the palette; it offered: ${JSON.stringify(lastSeen)}`);
  }

  /**
   * Chooses an entry of the open context menu; `item` may be a path through submenus. The entry is
   * hovered and then activated with Enter: a click that lands right after the menu opened is ignored
   * by VS Code's menu (seen: clicks within ~100 ms did nothing).
   */
  private async chooseMenuItem(item: string | string[]): Promise<void> {
    const path = Array.isArray(item) ? item : [item];
    const menus = this.page.locator('.monaco-menu-container .monaco-menu');
    for (const label of path) {
      const entry = menus.locator('li.action-item').filter({ has: this.page.locator(`.action-label[aria-label=${cssString(label)}]`) }).last();
      try {
        await entry.waitFor({ state: 'visible', timeout: 5000 });
      } catch {
        const offered = (await menus.locator('.action-label').allTextContents().catch(() => [])).map((t) => t.trim()).filter(Boolean);
        await this.page.keyboard.press('Escape');
        throw new Error(`no context menu item "${label}"; the menu offered: ${JSON.stringify(offered)}`);
      }
      await entry.hover();
      await this.page
        .waitForFunction((el) => el?.classList.contains('focused') ?? false, await entry.elementHandle(), { timeout: 2000 })
        .catch(() => undefined);
      await this.page.keyboard.press('Enter');
    }
    await menus.first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  }

  async contextMenuInEditor(item: string | string[]): Promise<void> {
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 5000 });
    // Right-click on the selection, as a person would (elsewhere the click would move the cursor).
    // The highlight pieces lie under the text layer and are re-rendered often, so click at the
    // centre of the widest piece by coordinates rather than through a locator.
    const pieces = await editor.locator('.selected-text').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width, height: r.height };
      }),
    );
    const widest = pieces.filter((p) => p.width > 2 && p.height > 2).sort((a, b) => b.width - a.width)[0];
    if (widest) await this.page.mouse.click(widest.x, widest.y, { button: 'right' });
    else await editor.locator('.view-lines').click({ button: 'right' });
    await this.chooseMenuItem(item);
  }

  private explorerRow(name: string, level: number): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"][aria-label=${cssString(name)}]`);
  }

  /** Expands folders on the way and returns the row of `relPath` in the explorer. */
  private async revealInExplorer(relPath: string): Promise<Locator> {
    const parts = relPath.split('/').filter(Boolean);
    let row: Locator | undefined;
    for (const [i, part] of parts.entries()) {
      row = this.explorerRow(part, i + 1).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      if (i < parts.length - 1 && (await row.getAttribute('aria-expanded')) === 'false') {
        await row.click();
        await this.page.waitForFunction(
          (el) => el?.getAttribute('aria-expanded') === 'true',
          await row.elementHandle(),
          { timeout: 5000 },
        );
      }
    }
    if (!row) throw new Error('empty path');
    return row;
  }

  async contextMenuInExplorer(files: string[], item: string | string[]): Promise<void> {
    if (files.length === 0) throw new Error('contextMenuInExplorer needs at least one file');
    await this.openView('Explorer');
    const rows: Locator[] = [];
    for (const [i, file] of files.entries()) {
      const row = await this.revealInExplorer(file);
      rows.push(row);
      const select = async (): Promise<void> => {
        if (i === 0) {
          await row.click();
          return;
        }
        await this.page.keyboard.down('Control');
        try {
          await row.click();
        } finally {
          await this.page.keyboard.up('Control');
        }
      };
      await select();
      // A click that lands while the workbench is busy (an editor opening) is sometimes lost:
      // click once more, only when the row is still not selected (a ctrl-click toggles).
      if (!(await this.isSelected(row, 2500))) await select();
      await this.waitForSelected(row, file);
    }
    for (const [i, row] of rows.entries()) await this.waitForSelected(row, files[i]!);
    await rows[rows.length - 1]!.click({ button: 'right' });
    await this.chooseMenuItem(item);
  }

  private async isSelected(row: Locator, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      if ((await row.getAttribute('aria-selected')) === 'true') return true;
      await sleep(100);
    }
    return false;
  }

  private async waitForSelected(row: Locator, file: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while ((await row.getAttribute('aria-selected')) !== 'true') {
      if (Date.now() > deadline) throw new Error(`${file} did not become selected in the explorer`);
      await sleep(100);
    }
  }

  async openFile(relPath: string): Promise<void> {
    const name = basename(relPath);
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(relPath);
    const row = this.quickInput().locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exactText(name) }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: 5000 });
    await this.page
      .locator(`.editor-group-container.active .tab.active[data-resource-name=${cssString(name)}]`)
      .waitFor({ timeout: 10_000 });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
  }

  private pane(viewName: string): Locator {
    return this.page.locator('.pane').filter({
      has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${escapeRegExp(viewName)}\\s*$`, 'i') }),
    }).first();
  }

  private async treeRow(viewName: string, label: string | RegExp, timeoutMs: number): Promise<Locator> {
    const pane = this.pane(viewName);
    await pane.waitFor({ state: 'visible', timeout: timeoutMs });
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const labelMatch = typeof label === 'string' ? exactText(label) : label;
    const row = pane.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: labelMatch }) }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    return row;
  }

  async treeItem(viewName: string, label: string | RegExp, options: { click?: boolean | 'double' | 'right'; timeoutMs?: number } = {}): Promise<Locator> {
    const row = await this.treeRow(viewName, label, options.timeoutMs ?? 10_000);
    const click = options.click ?? true;
    if (click === 'double') await row.dblclick();
    else if (click === 'right') await row.click({ button: 'right' });
    else if (click) await row.click();
    return row;
  }

  async contextMenuInTree(viewName: string, label: string | RegExp, item: string | string[]): Promise<void> {
    const row = await this.treeRow(viewName, label, 10_000);
    await row.click({ button: 'right' });
    await this.chooseMenuItem(item);
  }

  async openView(containerTitle: string): Promise<void> {
    const icon = this.page
      .locator('.activitybar .action-item')
      .filter({ has: this.page.locator(`a.action-label[aria-label="${containerTitle}"], a.action-label[aria-label^="${containerTitle} ("]`) })
      .first();
    await icon.waitFor({ state: 'visible', timeout: 15_000 });
    const sidebarTitle = this.page.locator('.part.sidebar .composite.title .title-label');
    const open =
      (await icon.getAttribute('class'))?.split(/\s+/).includes('checked') && (await this.page.locator('.part.sidebar').isVisible());
    if (!open) await icon.locator('a.action-label').click();
    await sidebarTitle.filter({ hasText: new RegExp(escapeRegExp(containerTitle), 'i') }).waitFor({ timeout: 5000 });
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  async save(options: { timeoutMs?: number } = {}): Promise<boolean> {
    const dirty = this.page.locator('.editor-group-container.active .tab.active.dirty');
    // The dirty mark follows typing asynchronously; without it, "clean" below would mean nothing.
    await dirty.waitFor({ state: 'attached', timeout: 1000 }).catch(() => undefined);
    await this.page.keyboard.press('Control+S');
    try {
      await dirty.waitFor({ state: 'detached', timeout: options.timeoutMs ?? 10_000 });
      return true;
    } catch {
      return false;
    }
  }

  async notifications(): Promise<string[]> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
    return (await toasts.allTextContents()).map((t) => plain(t).trim());
  }

  /**
   * VS Code drops the toast (the notification still goes to the notification center) when more than
   * three notifications arrive within 800 ms, e.g. "Sharing…", "Shared", "Deleting…", "Deleted" from a
   * quick test. So after toasts had their chance, the helpers also look where a person would then:
   * the notification center (opened through the palette, read, and closed again).
   */
  private async withNotificationCenter<T>(fn: (center: Locator) => Promise<T>, fallback: T): Promise<T> {
    const center = this.page.locator('.notifications-center');
    const dialogOpen = (): Promise<boolean> => this.page.locator('.monaco-dialog-box').isVisible().catch(() => false);
    // A modal dialog blocks the palette; the center cannot be reached then.
    if (await dialogOpen()) return fallback;
    try {
      await this.runCommand('Notifications: Show Notifications', { timeoutMs: 5000 });
      await center.waitFor({ state: 'visible', timeout: 3000 });
      return await fn(center);
    } catch {
      return fallback;
    } finally {
      if (!(await dialogOpen()) && (await center.isVisible().catch(() => false))) {
        await this.runCommand('Notifications: Hide Notifications', { timeoutMs: 5000 }).catch(() => undefined);
      }
    }
  }

  private async centerMessages(): Promise<string[]> {
    return this.withNotificationCenter(
      async (center) => (await center.locator('.notification-list-item-message').allTextContents()).map((t) => plain(t).trim()),
      [],
    );
  }

  async waitForNotification(match: string | RegExp, options: { timeoutMs?: number } = {}): Promise<string> {
    const matches = (t: string): boolean => (typeof match === 'string' ? t.includes(match) : match.test(t));
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    let nextCenterLook = Date.now() + 2000;
    let seen: string[] = [];
    let center: string[] = [];
    for (;;) {
      seen = await this.notifications();
      const hit = seen.find(matches);
      if (hit !== undefined) return hit;
      if (Date.now() >= nextCenterLook || Date.now() >= deadline) {
        center = await this.centerMessages();
        const inCenter = center.find(matches);
        if (inCenter !== undefined) {
          log(`"${inCenter}" was only in the notification center (VS Code skipped its toast)`);
          return inCenter;
        }
        nextCenterLook = Date.now() + 4000;
      }
      if (Date.now() >= deadline) break;
      await sleep(150);
    }
    throw new Error(`no notification matching ${String(match)}; toasts: ${JSON.stringify(seen)}; notification center: ${JSON.stringify(center)}`);
  }

  async clickNotificationButton(text: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const toastButton = this.page
      .locator('.notifications-toasts .notification-toast .monaco-button')
      .filter({ hasText: exactText(text) })
      .first();
    const timeoutMs = options.timeoutMs ?? 10_000;
    try {
      await toastButton.waitFor({ state: 'visible', timeout: Math.min(3000, timeoutMs) });
      await toastButton.click();
      return;
    } catch {
      // maybe its toast was skipped: look in the notification center
    }
    const deadline = Date.now() + Math.max(timeoutMs - 3000, 1000);
    for (;;) {
      const clicked = await this.withNotificationCenter(async (center) => {
        const button = center.locator('.monaco-button').filter({ hasText: exactText(text) }).first();
        if ((await button.count()) === 0) return false;
        await button.click();
        return true;
      }, false);
      if (clicked) return;
      if (Date.now() >= deadline) throw new Error(`no notification with a "${text}" button, neither as a toast nor in the notification center`);
      await sleep(1000);
    }
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }

  async clickDialogButton(text: string): Promise<void> {
    const button = this.page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: exactText(text) }).first();
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
  }

  async readOutputChannel(name = 'PasteDeck'): Promise<string> {
    return extHostLogFiles(this.host.userDataDir, name)
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
  }

  async waitForLog(match: string | RegExp, options: { channel?: string; timeoutMs?: number } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    let text = '';
    while (Date.now() < deadline) {
      text = await this.readOutputChannel(options.channel);
      if (typeof match === 'string' ? text.includes(match) : match.test(text)) return text;
      await sleep(150);
    }
    throw new Error(`the ${options.channel ?? 'PasteDeck'} log never matched ${String(match)}; it reads:\n${text}`);
  }

  async outputPanelText(): Promise<string> {
    const lines = this.page.locator('.part.panel .output-view .monaco-editor .view-line');
    return (await lines.allTextContents()).map(plain).join('\n');
  }

  async activeEditorText(): Promise<string> {
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    // Lines render absolutely positioned, not necessarily in DOM order.
    const lines = await editor.locator('.view-lines .view-line').evaluateAll((els) =>
      els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: el.textContent ?? '' })),
    );
    return lines.sort((a, b) => a.top - b.top).map((l) => plain(l.text)).join('\n');
  }

  async clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async screenshot(name: string): Promise<string> {
    const dir = join(RESULTS_DIR, this.host.name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${safeName(name)}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  async saveArtifacts(name: string): Promise<string> {
    const dir = join(RESULTS_DIR, safeName(name));
    mkdirSync(dir, { recursive: true });
    if (this.handle) {
      await this.handle.page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }).catch(() => undefined);
      writeFileSync(join(dir, 'page-console.log'), this.handle.console.join('\n'));
    }
    saveHostLogs(this.host, dir);
    log(`artifacts saved in ${dir}`);
    return dir;
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await closeBrowser(this.handle);
      untrack(this.browserResource);
      await this.host.stop();
    })();
    return this.stopped;
  }
}

function saveHostLogs(host: Host, dir: string): void {
  const copy = (from: string, to: string): void => {
    try {
      copyFileSync(from, join(dir, to));
    } catch {
      // missing is fine
    }
  };
  for (const f of extHostLogFiles(host.userDataDir, 'PasteDeck')) copy(f, basename(f));
  for (const f of extHostLogFiles(host.userDataDir, 'exthost')) copy(f, basename(f));
  copy(host.codeServerLog, 'code-server.log');
}

// ---------------------------------------------------------------------------------------------
// node:test glue: one workbench shared by the tests of a file or describe block

export interface WorkbenchSession {
  /** The running workbench (throws before `before` ran or after startup failed). */
  readonly workbench: Workbench;
  /** Wraps a test body: on failure saves artifacts under test-results/<test name>/ and rethrows. */
  run(fn: (wb: Workbench, t: TestContext) => Promise<void>): (t: TestContext) => Promise<void>;
}

/** Starts a workbench in a `before` hook and stops it in `after`; call at the top of a file or describe block. */
export function useWorkbench(options: WorkbenchOptions = {}): WorkbenchSession {
  let wb: Workbench | undefined;
  before(async () => {
    wb = await startWorkbench(options);
  }, { timeout: (options.startTimeoutMs ?? 60_000) + 60_000 });
  after(async () => {
    await wb?.stop();
  });
  const current = (): Workbench => {
    if (!wb) throw new Error('the workbench is not running (did startup fail?)');
    return wb;
  };
  return {
    get workbench(): Workbench {
      return current();
    },
    run(fn) {
      return async (t) => {
        const workbench = current();
        try {
          await fn(workbench, t);
        } catch (err) {
          await workbench.saveArtifacts(`${options.name ?? 'workbench'} - ${t.name}`).catch((e: unknown) => log(`could not save artifacts: ${errorMessage(e)}`));
          throw err;
        }
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// In-host tests: mocha inside the extension host (mode (a) in the notes)

export interface HostTestOptions extends HostOptions {
  /** The bundled tests module whose `run()` the extension host calls (out/e2e/host/index.js). */
  testsModule: string;
  /** The extension under development. Default: the repository (its dist/extension.js). */
  extensionPath?: string;
  /** Only tests whose full title contains this. */
  grep?: string;
  /** Overall limit. Default 120 s. */
  timeoutMs?: number;
}

export interface HostTestCase {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface HostTestResult {
  exitCode: number;
  passed: number;
  failed: number;
  pending: number;
  tests: HostTestCase[];
  durationMs: number;
  /** Set when something failed: where screenshot and logs were saved. */
  artifactsDir?: string;
}

/**
 * Starts code-server with the smoke-test driver enabled and opens the workbench with a development
 * payload, so the extension host loads `extensionPath` and calls `run()` of `testsModule`. Results
 * come back as a JSON file written by the tests module (PASTEDECK_HOST_RESULTS), and the exit code
 * through window.codeAutomationExit.
 */
export async function runHostTests(options: HostTestOptions): Promise<HostTestResult> {
  const started = Date.now();
  const name = options.name ?? 'host';
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'pastedeck-host-results-')), 'results.json');
  const host = await startHost({
    ...options,
    name,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    extraEnv: { PASTEDECK_HOST_RESULTS: resultsFile, ...(options.grep ? { PASTEDECK_HOST_GREP: options.grep } : {}) },
  });
  let handle: BrowserHandle | undefined;
  const browserResource = track({ killNow: () => undefined, stop: () => closeBrowser(handle) });
  const hostLog: string[] = [];
  let exitCode = -1;
  let failure: string | undefined;
  try {
    handle = await launchBrowser();
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (resolveExit = r));
    await handle.page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    await handle.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      hostLog.push(`[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    });
    const authority = `127.0.0.1:${host.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${options.extensionPath ?? REPO_ROOT}`],
      ['extensionTestsPath', `vscode-remote://${authority}${options.testsModule}`],
    ];
    const url = new URL(host.baseUrl + '/');
    url.searchParams.set('folder', host.workspaceDir);
    url.searchParams.set('payload', JSON.stringify(payload));
    await handle.page.goto(url.href);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const code = await Promise.race([exited, sleep(timeoutMs).then(() => undefined)]);
    if (code === undefined) failure = `the in-host tests did not finish within ${timeoutMs} ms`;
    else exitCode = code;
  } catch (err) {
    failure = errorMessage(err);
  }

  // The results file appears just before the exit call; give it a moment.
  let parsed: { tests: HostTestCase[] } | undefined;
  for (let i = 0; i < 20 && !parsed; i++) {
    try {
      parsed = JSON.parse(readFileSync(resultsFile, 'utf8')) as { tests: HostTestCase[] };
    } catch {
      await sleep(100);
    }
  }
  rmSync(dirname(resultsFile), { recursive: true, force: true });
  const tests = parsed?.tests ?? [];
  const count = (state: HostTestCase['state']): number => tests.filter((t) => t.state === state).length;
  if (!parsed && !failure) failure = `the in-host tests exited with ${exitCode} but wrote no results`;
  if (failure) tests.push({ title: `in-host test run (${name})`, state: 'failed', error: failure });
  const result: HostTestResult = {
    exitCode, tests, passed: count('passed'), failed: count('failed'), pending: count('pending'), durationMs: Date.now() - started,
  };
  if (result.failed > 0 || exitCode !== 0) {
    const dir = join(RESULTS_DIR, safeName(name));
    mkdirSync(dir, { recursive: true });
    if (handle) {
      await handle.page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }).catch(() => undefined);
      writeFileSync(join(dir, 'page-console.log'), handle.console.join('\n'));
    }
    writeFileSync(join(dir, 'extension-host-console.log'), hostLog.join('\n'));
    saveHostLogs(host, dir);
    result.artifactsDir = dir;
  }
  await closeBrowser(handle);
  untrack(browserResource);
  await host.stop();
  return result;
}
