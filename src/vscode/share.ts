import * as vscode from 'vscode';
import { PasteError } from '../core/errors';
import { walkFiles, type WalkFs } from '../core/fileWalk';
import type { InstanceConfig } from '../core/instances';
import { extensionForLanguage } from '../core/languages';
import { EXPIRY_SECONDS, type CreateInput, type ExpiryId, type NewFile, type PasteProvider, type Visibility } from '../core/model';
import { scanForSecrets } from '../core/secretScan';
import { sharePastes, type ShareOutcome } from '../core/share';
import { CommandIds } from './commandIds';
import type { History } from './history';
import type { Instances } from './instances';
import type { Log } from './log';
import { pasteFileUri } from './pasteFs';
import { showError } from './notify';
import { getForeignSetting, getSetting } from './settings';
import { SettingKeys } from './settingKeys';

const t = vscode.l10n.t;

/** Share selection and Share Files: from what the user picked to links in the clipboard. */
export class Sharing {
  constructor(
    private readonly instances: Instances,
    private readonly history: History,
    private readonly log: Log,
  ) {}

  async shareSelection(askInstance: boolean): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(t('Open a file or select text to share.'));
      return;
    }
    const file = selectionAsFile(editor);
    if (!file.content.trim()) {
      void vscode.window.showWarningMessage(t('There is nothing to share: the selection is empty.'));
      return;
    }
    const instance = askInstance
      ? await this.instances.pick({ placeHolder: t('Share the selection to…') })
      : (this.instances.defaultInstance() ?? (await this.instances.pick({ placeHolder: t('Share the selection to…') })));
    if (!instance) return;
    await this.share(instance, [file], file.name);
  }

  async shareFiles(clicked: vscode.Uri | undefined, selected: vscode.Uri[] | undefined): Promise<void> {
    const uris = selected && selected.length > 0 ? selected : clicked ? [clicked] : [];
    if (uris.length === 0) {
      void vscode.window.showWarningMessage(t('Select files or folders in the Explorer to share.'));
      return;
    }
    const instance = this.instances.defaultInstance() ?? (await this.instances.pick({ placeHolder: t('Share the files to…') }));
    if (!instance) return;
    const maxFileBytes = getSetting<number>(SettingKeys.maxFileSizeKB, 512) * 1024;
    const maxFiles = getSetting<number>(SettingKeys.maxFiles, 200);
    const folder = vscode.workspace.getWorkspaceFolder(uris[0]!);
    let walked: Awaited<ReturnType<typeof walkFiles>>;
    try {
      walked = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('PasteDeck: collecting files…'), cancellable: true },
      (_progress, token) =>
        walkFiles(uris.map((u) => u.path), workspaceWalkFs(uris[0]!), {
          maxFileBytes,
          maxFiles,
          maxTotalBytes: maxFiles * maxFileBytes,
          excludeGlobs: getForeignSetting<Record<string, boolean>>('files', 'exclude', uris[0], {}),
          workspaceRoot: folder?.uri.path,
          signal: abortSignalFor(token),
        }),
      );
    } catch (err) {
      await showError(err, { instance, action: t('Collecting files to share failed') }, this.log);
      return;
    }
    for (const s of walked.skipped) this.log.info(`Share Files: left out ${s.relativePath} (${s.reason})`);
    if (walked.files.length === 0) {
      void vscode.window.showWarningMessage(t('Nothing to share: no text files were found ({0} left out).', walked.skipped.length));
      return;
    }
    type Item = vscode.QuickPickItem & { file?: NewFile };
    const items: Item[] = walked.files.map((f) => ({
      label: f.relativePath,
      description: formatBytes(f.size),
      picked: true,
      file: { name: f.relativePath, content: f.content },
    }));
    const skippedNote = walked.skipped.length
      ? t(' {0} left out (binary, too large or ignored): {1}', walked.skipped.length, walked.skipped.slice(0, 5).map((s) => s.relativePath).join(', '))
      : '';
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: t('Share {0} file(s) to {1}', walked.files.length, instance.name),
      placeHolder: t('Untick files to leave them out.') + skippedNote,
    });
    if (!picked || picked.length === 0) return;
    const files = picked.map((p) => p.file!).filter(Boolean);
    const title = uris.length === 1 ? uris[0]!.path.split('/').pop() : t('{0} files', files.length);
    await this.share(instance, files, title ?? 'files');
  }

  /** Options, secret scan, progress with cancel, create, remember, tell. */
  private async share(instance: InstanceConfig, files: NewFile[], title: string): Promise<void> {
    const provider = this.instances.provider(instance);
    const caps = provider.capabilities;
    const input = await this.options(provider, files, title);
    if (!input) return;

    if (getSetting<boolean>(SettingKeys.scanForSecrets, true)) {
      const findings = scanForSecrets(files.map((f) => ({ name: f.name, content: f.content })));
      if (findings.length > 0) {
        const shareAnyway = t('Share Anyway');
        const open = t('Open');
        const list = findings.slice(0, 8).map((f) => `${f.file}:${f.line} ${f.kind} (${f.excerpt})`).join('\n');
        this.log.warn(`Secret scan found ${findings.length} possible secret(s):\n${list}`);
        const choice = await vscode.window.showWarningMessage(
          t('What you are about to share may contain secrets ({0} found).', findings.length),
          { modal: true, detail: list },
          shareAnyway,
          open,
        );
        if (choice === open) {
          await this.openFinding(findings[0]!.file, findings[0]!.line, files);
          return;
        }
        if (choice !== shareAnyway) return;
      }
    }

    const total = input.files.length;
    const label = caps.multiFile || total === 1 ? t('Sharing to {0}…', instance.name) : t('Sharing {0} files to {1}…', total, instance.name);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: label, cancellable: true },
      (progress, token) =>
        sharePastes(provider, input, {
          signal: abortSignalFor(token),
          onProgress: (done, all) => progress.report({ increment: 100 / all, message: `${done}/${all}` }),
        }),
    );
    await this.remember(instance, outcome);
    await this.report(instance, input, outcome);
  }

  private async options(provider: PasteProvider, files: NewFile[], title: string): Promise<CreateInput | undefined> {
    const caps = provider.capabilities;
    let visibility = getSetting<Visibility>(SettingKeys.visibility, 'unlisted');
    let expiry = getSetting<ExpiryId>(SettingKeys.expiry, 'never');
    let burnAfterRead = getSetting<boolean>(SettingKeys.burnAfterRead, false);
    if (getSetting<boolean>(SettingKeys.askForOptions, false)) {
      if (caps.visibilities.length > 1) {
        const v = await vscode.window.showQuickPick(
          caps.visibilities.map((x) => ({ label: x, picked: x === visibility })),
          { title: t('Visibility'), placeHolder: t('Who can see the paste?') },
        );
        if (!v) return undefined;
        visibility = v.label;
      }
      if (caps.expiries.length > 0) {
        const e = await vscode.window.showQuickPick(
          caps.expiries.map((x) => ({ label: x, description: x === 'never' ? t('does not expire') : formatSeconds(EXPIRY_SECONDS[x]) })),
          { title: t('Expiry'), placeHolder: t('When should the paste expire?') },
        );
        if (!e) return undefined;
        expiry = e.label;
      }
      if (caps.burnAfterRead) {
        const yes = t('Burn after read');
        const no = t('Keep after reading');
        const b = await vscode.window.showQuickPick([no, yes], { title: t('Burn after read?') });
        if (!b) return undefined;
        burnAfterRead = b === yes;
      }
    }
    return {
      title: caps.title ? title : undefined,
      visibility: caps.visibilities.includes(visibility) ? visibility : undefined,
      expiry: caps.expiries.includes(expiry) ? expiry : undefined,
      burnAfterRead: caps.burnAfterRead ? burnAfterRead : undefined,
      files,
    };
  }

  private async remember(instance: InstanceConfig, outcome: ShareOutcome): Promise<void> {
    for (const { paste, files } of outcome.created) {
      this.log.info(`Shared ${files.length} file(s) to ${instance.name}: paste ${paste.id} ${paste.url ?? ''}`);
      await this.history.add(
        {
          instanceId: instance.id,
          pasteId: paste.id,
          url: paste.url,
          title: paste.title,
          files: files.map((f) => f.name),
          createdAt: paste.createdAt ?? new Date().toISOString(),
        },
        paste.deletionKey,
      );
    }
  }

  private async report(instance: InstanceConfig, input: CreateInput, outcome: ShareOutcome): Promise<void> {
    const links = outcome.created.map((c) => c.paste.url ?? c.paste.id);
    if (links.length > 0) await vscode.env.clipboard.writeText(links.join('\n'));
    const problems = [...outcome.failed.map((f) => `${f.file.name}: ${f.error.message}`), ...outcome.skipped.map((f) => `${f.name}: ${t('not sent (cancelled)')}`)];
    for (const p of problems) this.log.warn(`Share: ${p}`);

    if (outcome.created.length === 0) {
      const first = outcome.failed[0]?.error ?? new PasteError('cancelled', t('The share was cancelled; nothing was created.'));
      if (first.kind === 'cancelled') {
        void vscode.window.showInformationMessage(t('Share cancelled: nothing was created on {0}.', instance.name));
        return;
      }
      await showError(first, { instance, action: t('Sharing to {0} failed', instance.name), retry: () => this.share(instance, input.files, input.title ?? '') }, this.log);
      return;
    }

    if (outcome.created.length === 1 && problems.length === 0) {
      const paste = outcome.created[0]!.paste;
      const openBrowser = t('Open in Browser');
      const openEditor = t('Open in Editor');
      const copyRaw = t('Copy Raw Link');
      const del = t('Delete');
      const firstFile = paste.files[0]?.name ?? outcome.created[0]!.files[0]?.name;
      const buttons = [
        ...(paste.url ? [openBrowser] : []),
        ...(firstFile ? [openEditor] : []),
        ...(paste.files.some((f) => f.rawUrl) ? [copyRaw] : []),
        del,
      ];
      const choice = await vscode.window.showInformationMessage(t('Shared to {0}; link copied: {1}', instance.name, links[0]!), ...buttons);
      if (choice === openBrowser && paste.url) await vscode.env.openExternal(vscode.Uri.parse(paste.url));
      else if (choice === openEditor && firstFile) await vscode.commands.executeCommand('vscode.open', pasteFileUri(instance.id, paste.id, firstFile));
      else if (choice === copyRaw) await vscode.env.clipboard.writeText(paste.files.map((f) => f.rawUrl).filter(Boolean).join('\n'));
      else if (choice === del) await vscode.commands.executeCommand(CommandIds.deletePaste, { instanceId: instance.id, pasteId: paste.id });
      return;
    }

    const summary =
      problems.length === 0
        ? t('Shared {0} files to {1} as {2} pastes; links copied.', input.files.length, instance.name, outcome.created.length)
        : t('Shared {0} of {1} files to {2}; links copied. Not shared: {3}', outcome.created.reduce((n, c) => n + c.files.length, 0), input.files.length, instance.name, problems.join('; '));
    const show = t('Show Links');
    const showLog = t('Show Log');
    const choice = await (problems.length ? vscode.window.showWarningMessage(summary, show, showLog) : vscode.window.showInformationMessage(summary, show));
    if (choice === showLog) this.log.show(true);
    if (choice === show) {
      const pick = await vscode.window.showQuickPick(
        outcome.created.map((c) => ({ label: c.files[0]?.name ?? c.paste.id, description: c.paste.url, url: c.paste.url })),
        { placeHolder: t('Open a paste in the browser') },
      );
      if (pick?.url) await vscode.env.openExternal(vscode.Uri.parse(pick.url));
    }
  }

  private async openFinding(fileName: string, line: number, files: NewFile[]): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const inEditor = editor && selectionAsFile(editor).name === fileName ? editor.document : undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    let doc = inEditor;
    if (!doc) {
      for (const folder of folders) {
        const candidates = [vscode.Uri.joinPath(folder.uri, fileName), vscode.Uri.joinPath(folder.uri, '..', fileName)];
        for (const uri of candidates) {
          try {
            doc = await vscode.workspace.openTextDocument(uri);
            break;
          } catch {
            // try the next place
          }
        }
        if (doc) break;
      }
    }
    if (!doc) {
      const file = files.find((f) => f.name === fileName);
      doc = await vscode.workspace.openTextDocument({ content: file?.content ?? '' });
    }
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }
}

/** The selections (in document order, joined by a blank line) or the whole document. */
export function selectionAsFile(editor: vscode.TextEditor): NewFile {
  const doc = editor.document;
  const nonEmpty = editor.selections.filter((s) => !s.isEmpty).sort((a, b) => a.start.compareTo(b.start));
  const content = nonEmpty.length > 0 ? nonEmpty.map((s) => doc.getText(s)).join('\n\n') : doc.getText();
  const base = doc.isUntitled ? `untitled.${extensionForLanguage(doc.languageId)}` : (doc.uri.path.split('/').pop() ?? 'paste.txt');
  return { name: base, content, language: doc.languageId };
}

function workspaceWalkFs(scope: vscode.Uri): WalkFs {
  const at = (path: string) => scope.with({ path });
  const kind = (type: vscode.FileType) =>
    // A linked folder is not followed: it could loop.
    type & vscode.FileType.SymbolicLink && type & vscode.FileType.Directory ? ('other' as const)
    : type & vscode.FileType.Directory ? ('directory' as const) : type & vscode.FileType.File ? ('file' as const) : ('other' as const);
  return {
    stat: async (path) => {
      const s = await vscode.workspace.fs.stat(at(path));
      return { type: kind(s.type), size: s.size };
    },
    readDirectory: async (path) => (await vscode.workspace.fs.readDirectory(at(path))).map(([name, type]) => [name, kind(type)] as [string, ReturnType<typeof kind>]),
    readFile: (path) => Promise.resolve(vscode.workspace.fs.readFile(at(path))),
  };
}

export function abortSignalFor(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function formatSeconds(s: number | undefined): string {
  if (!s) return '';
  const units: [number, string][] = [[31_536_000, 'y'], [2_592_000, 'mo'], [604_800, 'w'], [86_400, 'd'], [3_600, 'h'], [60, 'min']];
  const [size, unit] = units.find(([u]) => s >= u) ?? [1, 's'];
  return `${Math.round(s / size)} ${unit}`;
}

