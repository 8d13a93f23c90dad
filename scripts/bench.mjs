#!/usr/bin/env node
// `npm run bench`: bundle size, activation time, overhead per share against a raw
// HTTP call, and listing many pastes. Prints a table and writes test-results/bench.json.
import * as esbuild from 'esbuild';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './host-paths.mjs';

const results = {};

// 1. Bundle size: the production bundle that goes into the .vsix.
await esbuild.build({
  entryPoints: [join(REPO_ROOT, 'src/extension.ts')], bundle: true, outfile: join(REPO_ROOT, 'out/bench/extension.min.js'),
  format: 'cjs', platform: 'node', target: 'node18', external: ['vscode'], minify: true, logLevel: 'warning',
});
const bundleBytes = statSync(join(REPO_ROOT, 'out/bench/extension.min.js')).size;
results['bundle: minified extension.js'] = `${bundleBytes} bytes (${(bundleBytes / 1024).toFixed(1)} KiB)`;

// 2. Activation: load the bundle and run activate() against a stub `vscode` API, so
//    the figure is PasteDeck's own cost (VS Code's part is not ours to measure here).
const stub = createStubVscode();
const require = createRequire(import.meta.url);
const Module = require('node:module');
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? stub : originalLoad.call(this, request, ...rest);
};
const t0 = performance.now();
const ext = require(join(REPO_ROOT, 'out/bench/extension.min.js'));
const loaded = performance.now();
const context = { subscriptions: [], secrets: stub.__secrets, globalState: stub.__memento, extension: { packageJSON: { version: 'bench' } } };
ext.activate(context);
const activated = performance.now();
Module._load = originalLoad;
results['activation: require bundle'] = `${(loaded - t0).toFixed(2)} ms`;
results['activation: activate()'] = `${(activated - loaded).toFixed(2)} ms`;
for (const d of context.subscriptions) d.dispose();

// 3 and 4: share overhead and listing, against the local servers.
await esbuild.build({
  entryPoints: [join(REPO_ROOT, 'test/bench/bench.ts')], bundle: true, outfile: join(REPO_ROOT, 'out/bench/bench.js'),
  format: 'cjs', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning',
});
const { runBench } = require(join(REPO_ROOT, 'out/bench/bench.js'));
Object.assign(results, await runBench());

const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test-results/bench.json'), JSON.stringify(results, null, 2));

function createStubVscode() {
  const disposable = () => ({ dispose() {} });
  const emitter = class {
    constructor() { this.listeners = []; this.event = (l) => { this.listeners.push(l); return disposable(); }; }
    fire(v) { for (const l of this.listeners) l(v); }
    dispose() {}
  };
  const secrets = new Map();
  const state = new Map();
  const anyFn = new Proxy(function () {}, { get: () => anyFn, apply: () => disposable() });
  const channel = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, show() {}, dispose() {}, appendLine() {} };
  const base = {
    version: 'stub',
    // Enums and classes the bundle reads when it loads (esbuild copies only real keys of the stub).
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    FilePermission: { Readonly: 1 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ThemeIcon: class { constructor(id) { this.id = id; } },
    TreeItem: class { constructor(label, state) { this.label = label; this.collapsibleState = state; } },
    FileSystemError: class extends Error {},
    EventEmitter: emitter,
    Disposable: class { static from(...d) { return { dispose: () => d.forEach((x) => x.dispose()) }; } constructor(f) { this.dispose = f; } },
    window: { createOutputChannel: () => channel, registerTreeDataProvider: disposable, registerFileDecorationProvider: disposable, createTreeView: () => ({ dispose() {}, onDidChangeVisibility: () => disposable(), onDidExpandElement: () => disposable() }) },
    commands: { registerCommand: disposable, executeCommand: async () => undefined },
    workspace: { onDidChangeConfiguration: disposable, registerFileSystemProvider: disposable, registerTextDocumentContentProvider: disposable, onDidCloseTextDocument: disposable, onDidOpenTextDocument: disposable, onDidSaveTextDocument: disposable, textDocuments: [], workspaceFolders: [], onDidChangeTextDocument: disposable, getConfiguration: () => ({ get: (_k, d) => d }) },
    l10n: { t: (s) => s },
    Uri: { parse: (s) => ({ toString: () => s }), from: (o) => o },
    __secrets: { get: async (k) => secrets.get(k), store: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k), onDidChange: () => disposable() },
    __memento: { get: (k, d) => state.get(k) ?? d, update: async (k, v) => void state.set(k, v), keys: () => [...state.keys()] },
  };
  return new Proxy(base, { get: (t, k) => (k in t ? t[k] : anyFn) });
}
