// Commands of the Pastes view and of remote pastes: open, open by URL or id, open
// as a workspace folder, open in the browser, copy links. Each takes a tree node,
// a `{ instanceId, pasteId }` object or a pastedeck: URI, and from the palette
// falls back to the active pastedeck: editor or asks.
import * as vscode from 'vscode';
import { searchEntries } from '../core/browseState';
import type { InstanceConfig } from '../core/instances';
import type { Paste, PasteFile } from '../core/model';
import { pasteLabel, resolvePasteInput } from '../core/pasteView';
import { SERVICES } from '../providers/registry';
import type { Instances } from './instances';
import type { Log } from './log';
import { showError } from './notify';
import { fromPasteUri, pasteFileUri, pasteFolderUri, type PasteFileSystem } from './pasteFs';
import type { PastesTree, PastesTreeNode } from './tree';

const t = vscode.l10n.t;

/** At most this many files of a paste are opened as editors at once. */
const MAX_OPEN_FILES = 10;

export interface BrowseDeps {
  readonly instances: Instances;
  readonly log: Log;
  readonly pasteFs: PasteFileSystem;
  readonly pastes: PastesTree;
}

export interface PasteTarget {
  instanceId: string;
  pasteId: string;
  /** The file a command was run on (a file node or a file URI). */
  fileName?: string;
  /** What the tree already knows of the paste. */
  paste?: Paste;
}

/** The paste a command argument names, else the one in the active editor. */
export function targetOf(arg: unknown): PasteTarget | undefined {
  if (arg instanceof vscode.Uri) {
    const location = fromPasteUri(arg);
    if (location?.kind === 'file') return { instanceId: location.instanceId, pasteId: location.pasteId, fileName: location.fileName };
    if (location?.kind === 'paste') return { instanceId: location.instanceId, pasteId: location.pasteId };
    return undefined;
  }
  if (typeof arg === 'object' && arg !== null) {
    const a = arg as { instanceId?: unknown; pasteId?: unknown; paste?: unknown; file?: { name?: unknown } };
    if (typeof a.instanceId === 'string' && typeof a.pasteId === 'string') {
      return {
        instanceId: a.instanceId,
        pasteId: a.pasteId,
        fileName: typeof a.file?.name === 'string' ? a.file.name : undefined,
        paste: typeof a.paste === 'object' && a.paste !== null ? (a.paste as Paste) : undefined,
      };
    }
  }
  if (arg === undefined) {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri ? targetOf(uri) : undefined;
  }
  return undefined;
}

function instanceOf(deps: BrowseDeps, target: PasteTarget): InstanceConfig | undefined {
  const instance = deps.instances.get(target.instanceId);
  if (!instance) void vscode.window.showErrorMessage(t('The instance {0} is no longer configured.', target.instanceId));
  return instance;
}

/** Asks before the first read of a burn-after-read paste; false when the user declines. */
async function confirmBurn(deps: BrowseDeps, target: PasteTarget): Promise<boolean> {
  const folder = pasteFolderUri(target.instanceId, target.pasteId);
  const burn = target.paste?.burnAfterRead === true || deps.pasteFs.isBurnAfterRead(folder);
  if (!burn || deps.pasteFs.documents.cached(target.instanceId, target.pasteId)) return true;
  const open = t('Open and Destroy');
  const choice = await vscode.window.showWarningMessage(
    t('Paste {0} is deleted when it is read. Opening it now destroys it on the server.', target.paste ? pasteLabel(target.paste) : target.pasteId),
    { modal: true },
    open,
  );
  if (choice !== open) return false;
  deps.pasteFs.allowBurn(folder);
  return true;
}

/** The paste, from what is known or else fetched through the file system (so it is cached once). */
async function loadPaste(deps: BrowseDeps, target: PasteTarget): Promise<Paste | undefined> {
  const cached = deps.pasteFs.documents.cached(target.instanceId, target.pasteId);
  if (cached) return cached;
  if (!(await confirmBurn(deps, target))) return undefined;
  await vscode.workspace.fs.readDirectory(pasteFolderUri(target.instanceId, target.pasteId));
  return deps.pasteFs.documents.cached(target.instanceId, target.pasteId);
}

async function withErrors(deps: BrowseDeps, target: PasteTarget | undefined, action: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    await showError(err, { action, instance: target ? deps.instances.get(target.instanceId) : undefined, retry: () => withErrors(deps, target, action, work) }, deps.log);
  }
}

/** "Open": the paste's files as editors (a burn-after-read paste only after asking). */
export async function openPaste(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = targetOf(arg);
  if (!target) {
    await openPasteById(deps);
    return;
  }
  if (!instanceOf(deps, target)) return;
  await withErrors(deps, target, t('Opening paste {0} failed', target.pasteId), async () => {
    const paste = await loadPaste(deps, target);
    if (!paste) return;
    const files = target.fileName ? paste.files.filter((f) => f.name === target.fileName) : paste.files;
    if (files.length === 0) {
      void vscode.window.showInformationMessage(t('Paste {0} has no files.', target.pasteId));
      return;
    }
    for (const [i, file] of files.slice(0, MAX_OPEN_FILES).entries()) {
      await vscode.commands.executeCommand('vscode.open', pasteFileUri(target.instanceId, target.pasteId, file.name), { preview: files.length === 1, preserveFocus: i > 0 });
    }
    if (files.length > MAX_OPEN_FILES) {
      void vscode.window.showInformationMessage(t('Opened {0} of the {1} files; use Open Paste as Folder to browse all of them.', MAX_OPEN_FILES, files.length));
    }
    if (isTreeNode(arg)) deps.pastes.redraw(arg);
  });
}

/** "PasteDeck: Open Paste…": a paste URL of any configured instance, or an id and then an instance. */
export async function openPasteById(deps: BrowseDeps, input?: unknown): Promise<void> {
  const text =
    typeof input === 'string'
      ? input
      : await vscode.window.showInputBox({
          title: t('Open Paste'),
          prompt: t('A paste URL of a configured instance, or a paste id'),
          placeHolder: 'https://paste.gg/p/anonymous/…',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : t('Enter a URL or an id.')),
        });
  const value = text?.trim();
  if (!value) return;
  const resolved = resolvePasteInput(
    value,
    deps.instances.list().map((instance) => ({ id: instance.id, idFromUrl: (url: string) => deps.instances.provider(instance).idFromUrl(url) })),
  );
  switch (resolved.kind) {
    case 'match':
      await openPaste(deps, { instanceId: resolved.instanceId, pasteId: resolved.pasteId });
      return;
    case 'unknownUrl':
      void vscode.window.showErrorMessage(t('No configured instance serves {0}. Add its instance first (PasteDeck: Add Instance).', value));
      return;
    case 'invalid':
      void vscode.window.showErrorMessage(t('"{0}" is neither a paste URL nor a paste id.', value));
      return;
    case 'id':
      break;
  }
  const instance = await deps.instances.pick({ placeHolder: t('Which instance has paste {0}?', value), need: (c) => c.get, why: t('This service cannot read pastes.') });
  if (!instance) return;
  await openPaste(deps, { instanceId: instance.id, pasteId: resolved.pasteId });
}

/** "Open Paste as Folder": adds the paste's pastedeck: folder to the workspace. */
export async function openPasteAsFolder(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = targetOf(arg);
  if (!target) {
    void vscode.window.showInformationMessage(t('Select a paste in the Pastes view, or open one of its files first.'));
    return;
  }
  const instance = instanceOf(deps, target);
  if (!instance) return;
  await withErrors(deps, target, t('Opening paste {0} failed', target.pasteId), async () => {
    const paste = await loadPaste(deps, target);
    if (!paste) return;
    const uri = pasteFolderUri(target.instanceId, target.pasteId);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.some((f) => f.uri.toString() === uri.toString())) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return;
    }
    const added = vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri, name: `${pasteLabel(paste)} (${instance.name})` });
    if (!added) void vscode.window.showErrorMessage(t('VS Code did not add the folder.'));
  });
}

/** The web address of the paste, from what is known or from the service. */
async function pasteUrl(deps: BrowseDeps, target: PasteTarget): Promise<string | undefined> {
  const known = target.paste?.url ?? deps.pasteFs.documents.cached(target.instanceId, target.pasteId)?.url;
  if (known) return known;
  const instance = deps.instances.get(target.instanceId);
  // Reading a burn-after-read paste to learn its URL would destroy it.
  if (!instance || deps.pasteFs.isBurnAfterRead(pasteFolderUri(target.instanceId, target.pasteId))) return undefined;
  return (await deps.instances.provider(instance).get(target.pasteId, { full: false })).url;
}

export async function openInBrowser(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = targetOf(arg);
  if (!target) {
    void vscode.window.showInformationMessage(t('Select a paste in the Pastes view, or open one of its files first.'));
    return;
  }
  await withErrors(deps, target, t('Opening paste {0} failed', target.pasteId), async () => {
    const url = await pasteUrl(deps, target);
    if (!url) {
      void vscode.window.showInformationMessage(t('The service gives no web address for paste {0}.', target.pasteId));
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url));
  });
}

export async function copyLink(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = targetOf(arg);
  if (!target) {
    void vscode.window.showInformationMessage(t('Select a paste in the Pastes view, or open one of its files first.'));
    return;
  }
  await withErrors(deps, target, t('Copying the link failed'), async () => {
    const url = await pasteUrl(deps, target);
    if (!url) {
      void vscode.window.showInformationMessage(t('The service gives no web address for paste {0}.', target.pasteId));
      return;
    }
    await vscode.env.clipboard.writeText(url);
    void vscode.window.setStatusBarMessage(t('Copied {0}', url), 3000);
  });
}

/** The raw link of the file the command was run on; for a paste, of its file (asking when it has several). */
export async function copyRawLink(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = targetOf(arg);
  if (!target) {
    void vscode.window.showInformationMessage(t('Select a paste in the Pastes view, or open one of its files first.'));
    return;
  }
  await withErrors(deps, target, t('Copying the link failed'), async () => {
    const known = deps.pasteFs.documents.cached(target.instanceId, target.pasteId) ?? target.paste;
    const paste = known?.files.some((f) => f.rawUrl) ? known : await loadPaste(deps, target);
    if (!paste) return;
    let files: PasteFile[] = paste.files.filter((f) => f.rawUrl && (!target.fileName || f.name === target.fileName));
    if (files.length > 1) {
      const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: f.name, description: f.rawUrl, file: f })), { placeHolder: t('Copy the raw link of which file?') });
      if (!pick) return;
      files = [pick.file];
    }
    const url = files[0]?.rawUrl;
    if (!url) {
      const instance = deps.instances.get(target.instanceId);
      void vscode.window.showInformationMessage(t('{0} gives no raw link for this paste.', instance ? SERVICES[instance.service].name : target.instanceId));
      return;
    }
    await vscode.env.clipboard.writeText(url);
    void vscode.window.setStatusBarMessage(t('Copied {0}', url), 3000);
  });
}

/** "PasteDeck: Search Pastes": a picker over every paste loaded in the Pastes view, by title, file name and language. */
export async function searchPastes(deps: BrowseDeps): Promise<void> {
  const entries = searchEntries(
    deps.pastes.loadedPastes(),
    (id) => deps.instances.get(id)?.name ?? id,
    (instanceId, pasteId) => deps.pasteFs.documents.cached(instanceId, pasteId),
  );
  if (entries.length === 0) {
    const expand = t('Show Pastes View');
    const choice = await vscode.window.showInformationMessage(t('No pastes are loaded yet. Expand an instance in the Pastes view ("My pastes" or "Recent public"), then search again.'), expand);
    if (choice === expand) await vscode.commands.executeCommand('workbench.view.extension.pastedeck');
    return;
  }
  const pick = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.label, description: e.description, detail: e.detail, entry: e })),
    { title: t('Search Pastes'), placeHolder: t('Filter {0} loaded pastes by title, file name or language', entries.length), matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return;
  deps.log.info(`Search Pastes: opening paste ${pick.entry.pasteId} on ${pick.entry.instanceId}.`);
  await openPaste(deps, { instanceId: pick.entry.instanceId, pasteId: pick.entry.pasteId, paste: pick.entry.paste });
}

function isTreeNode(arg: unknown): arg is PastesTreeNode {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' && !(arg instanceof vscode.Uri);
}
