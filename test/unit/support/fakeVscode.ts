// A small stand-in for the `vscode` module, enough for src/vscode/tree.ts and
// src/vscode/pasteFs.ts to run under node:test. Import this file FIRST: it hooks
// `require('vscode')` before the code under test asks for it.
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static from(parts: { scheme: string; path?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '/');
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}:${this.path}`;
  }
}

export class Disposable {
  constructor(private readonly fn: () => unknown) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;

export class TreeItem {
  label?: string;
  resourceUri?: Uri;
  id?: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  iconPath?: unknown;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    labelOrUri: string | Uri,
    public collapsibleState: number = TreeItemCollapsibleState.None,
  ) {
    if (typeof labelOrUri === 'string') this.label = labelOrUri;
    else this.resourceUri = labelOrUri;
  }
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}

export class FileSystemError extends Error {
  constructor(
    readonly code: string,
    messageOrUri?: string | Uri,
  ) {
    super(typeof messageOrUri === 'string' ? messageOrUri : `${code} (${String(messageOrUri)})`);
  }
  static FileNotFound = (m?: string | Uri) => new FileSystemError('FileNotFound', m);
  static FileExists = (m?: string | Uri) => new FileSystemError('FileExists', m);
  static FileNotADirectory = (m?: string | Uri) => new FileSystemError('FileNotADirectory', m);
  static FileIsADirectory = (m?: string | Uri) => new FileSystemError('FileIsADirectory', m);
  static NoPermissions = (m?: string | Uri) => new FileSystemError('NoPermissions', m);
  static Unavailable = (m?: string | Uri) => new FileSystemError('Unavailable', m);
}

/**
 * What a test lets the code show or run: `window.<name>` answers from here (else
 * it throws), and every `commands.executeCommand` is recorded in `ui.commands`.
 */
export const ui = {
  window: {} as Record<string, (...args: unknown[]) => unknown>,
  commands: [] as unknown[][],
  textDocuments: [] as { uri: Uri; save(): Promise<boolean> }[],
  contentProviders: new Map<string, { provideTextDocumentContent(uri: Uri): unknown }>(),
  reset(): void {
    this.window = {};
    this.commands = [];
    this.textDocuments.length = 0;
    this.contentProviders.clear();
  },
};

const format = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

export const fake = {
  EventEmitter,
  Uri,
  Disposable,
  TreeItem,
  TreeItemCollapsibleState,
  ThemeIcon,
  ThemeColor,
  FileSystemError,
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  FilePermission: { Readonly: 1 },
  FileChangeType: { Changed: 1, Created: 2, Deleted: 3 },
  l10n: { t: format },
  env: { language: 'en' },
  workspace: {
    textDocuments: ui.textDocuments,
    onDidOpenTextDocument: () => new Disposable(() => undefined),
    registerTextDocumentContentProvider: (scheme: string, provider: { provideTextDocumentContent(uri: Uri): unknown }) => {
      ui.contentProviders.set(scheme, provider);
      return new Disposable(() => ui.contentProviders.delete(scheme));
    },
  },
  languages: {},
  commands: {
    executeCommand: async (...args: unknown[]) => {
      ui.commands.push(args);
      return undefined;
    },
  },
  // Anything the code under test shows to the user, unless the test answers it in ui.window, fails the test.
  window: new Proxy(
    {},
    {
      get: (_t, name) =>
        ui.window[String(name)] ??
        (() => {
          throw new Error(`window.${String(name)} called in a unit test`);
        }),
    },
  ),
};

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fake : original.call(this, request, ...rest);
};
