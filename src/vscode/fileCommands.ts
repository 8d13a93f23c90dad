// Add File, Rename File and Delete File on the files of a paste, through the
// pastedeck: file system (so open editors and the documents cache stay in step),
// then the paste's node in the Pastes view is redrawn.
import * as vscode from 'vscode';
import { fileNameProblem, type FileNameProblem } from '../core/browseState';
import { pasteLabel } from '../core/pasteView';
import { SERVICES } from '../providers/registry';
import { targetOf, type BrowseDeps, type PasteTarget } from './browseCommands';
import { showError } from './notify';
import { pasteFileUri, pasteFolderUri } from './pasteFs';

const t = vscode.l10n.t;

/** Services refuse empty files: a new file starts as one line break. */
const NEW_FILE_CONTENT = '\n';

function problemText(problem: FileNameProblem | undefined, name: string): string | undefined {
  switch (problem) {
    case 'empty':
      return t('Enter a file name.');
    case 'dots':
      return t('"{0}" cannot be a file name.', name.trim());
    case 'exists':
      return t('The paste already has a file named {0}.', name.trim());
    case 'unchanged':
      return t('Enter a different name.');
    default:
      return undefined;
  }
}

/** The target and its instance's capabilities, or undefined after telling the user why not. */
function resolve(deps: BrowseDeps, arg: unknown, need: 'addFile' | 'renameFile' | 'removeFile'): PasteTarget | undefined {
  const target = targetOf(arg);
  if (!target || (need !== 'addFile' && !target.fileName)) {
    void vscode.window.showInformationMessage(
      need === 'addFile' ? t('Select a paste in the Pastes view, or open one of its files first.') : t('Select a file of a paste in the Pastes view, or open it first.'),
    );
    return undefined;
  }
  const instance = deps.instances.get(target.instanceId);
  if (!instance) {
    void vscode.window.showErrorMessage(t('The instance {0} is no longer configured.', target.instanceId));
    return undefined;
  }
  const service = SERVICES[instance.service];
  if (!service.capabilities[need]) {
    const text =
      need === 'addFile'
        ? t('{0} cannot add a file to a paste.', service.name)
        : need === 'renameFile'
          ? t('{0} cannot rename the file of a paste.', service.name)
          : t('{0} cannot remove a file from a paste; delete the paste instead.', service.name);
    void vscode.window.showInformationMessage(text);
    return undefined;
  }
  return target;
}

/** The file names of the paste, read through the file system when not known yet. */
async function fileNames(deps: BrowseDeps, target: PasteTarget): Promise<string[]> {
  const cached = deps.pasteFs.documents.cached(target.instanceId, target.pasteId);
  if (cached) return cached.files.map((f) => f.name);
  const entries = await vscode.workspace.fs.readDirectory(pasteFolderUri(target.instanceId, target.pasteId));
  return entries.map(([name]) => name);
}

async function run(deps: BrowseDeps, target: PasteTarget, action: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    await showError(err, { action, instance: deps.instances.get(target.instanceId) }, deps.log);
  } finally {
    deps.pastes.redrawPaste(target.instanceId, target.pasteId);
  }
}

/** "Add File": asks a name, creates the file (one line break) and opens it. */
export async function addFile(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = resolve(deps, arg, 'addFile');
  if (!target) return;
  if (deps.pasteFs.isBurnAfterRead(pasteFolderUri(target.instanceId, target.pasteId)) && !deps.pasteFs.documents.cached(target.instanceId, target.pasteId)) {
    void vscode.window.showInformationMessage(t('Paste {0} is deleted when it is read; open it first.', target.pasteId));
    return;
  }
  await run(deps, target, t('Adding a file to paste {0} failed', target.pasteId), async () => {
    const existing = await fileNames(deps, target);
    const name = await vscode.window.showInputBox({
      title: t('Add File'),
      prompt: t('Name of the new file in paste {0}', target.paste ? pasteLabel(target.paste) : target.pasteId),
      placeHolder: 'notes.md',
      ignoreFocusOut: true,
      validateInput: (v) => problemText(fileNameProblem(v, existing), v),
    });
    if (name === undefined || fileNameProblem(name, existing)) return;
    const uri = pasteFileUri(target.instanceId, target.pasteId, name.trim());
    deps.log.info(`Adding file ${name.trim()} to paste ${target.pasteId} on ${target.instanceId}.`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(NEW_FILE_CONTENT));
    await vscode.window.showTextDocument(uri, { preview: false });
  });
}

/** "Rename File": asks the new name (prefilled) and renames the file on the service. */
export async function renameFile(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = resolve(deps, arg, 'renameFile');
  if (!target) return;
  const oldName = target.fileName!;
  await run(deps, target, t('Renaming {0} failed', oldName), async () => {
    const existing = (await fileNames(deps, target)).filter((n) => n !== oldName);
    const dot = oldName.lastIndexOf('.');
    const name = await vscode.window.showInputBox({
      title: t('Rename File'),
      prompt: t('New name of {0}', oldName),
      value: oldName,
      valueSelection: [0, dot > 0 ? dot : oldName.length],
      ignoreFocusOut: true,
      validateInput: (v) => problemText(fileNameProblem(v, existing, oldName), v),
    });
    if (name === undefined || fileNameProblem(name, existing, oldName)) return;
    const from = pasteFileUri(target.instanceId, target.pasteId, oldName);
    const to = pasteFileUri(target.instanceId, target.pasteId, name.trim());
    const wasOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === from.toString());
    deps.log.info(`Renaming file ${oldName} of paste ${target.pasteId} on ${target.instanceId} to ${name.trim()}.`);
    await vscode.workspace.fs.rename(from, to, { overwrite: false });
    if (wasOpen) await vscode.window.showTextDocument(to, { preview: false });
  });
}

/** "Delete File": after a modal confirmation, removes the file from the paste. */
export async function deleteFile(deps: BrowseDeps, arg?: unknown): Promise<void> {
  const target = resolve(deps, arg, 'removeFile');
  if (!target) return;
  const name = target.fileName!;
  const remove = t('Delete File');
  const choice = await vscode.window.showWarningMessage(
    t('Delete {0} from paste {1}? This cannot be undone.', name, target.paste ? pasteLabel(target.paste) : target.pasteId),
    { modal: true },
    remove,
  );
  if (choice !== remove) return;
  await run(deps, target, t('Deleting {0} failed', name), async () => {
    deps.log.info(`Deleting file ${name} of paste ${target.pasteId} on ${target.instanceId}.`);
    await vscode.workspace.fs.delete(pasteFileUri(target.instanceId, target.pasteId, name));
  });
}
