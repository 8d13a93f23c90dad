// What the Pastes view says about a paste, without VS Code: the context values
// that package.json's `view/item/context` menus match (`viewItem =~ /…;canDelete/`),
// the label and the icon name. Kept here so the menu rules are unit-tested.
import type { Capabilities, Paste, PasteFile } from './model';

/** `paste;canDelete;canAddFile;hasUrl;hasRawLink;burnAfterRead`, with only the flags that hold. */
export function pasteContextValue(caps: Capabilities | undefined, paste: Paste, hasDeletionKey: boolean): string {
  return [
    'paste',
    caps?.deleteWithKey || (caps?.deleteWithDeletionKey && hasDeletionKey) ? 'canDelete' : '',
    caps?.addFile ? 'canAddFile' : '',
    paste.url ? 'hasUrl' : '',
    paste.files.some((f) => f.rawUrl) ? 'hasRawLink' : '',
    paste.burnAfterRead ? 'burnAfterRead' : '',
  ]
    .filter(Boolean)
    .join(';');
}

/** `file;canRename;canRemove;hasRawLink`, with only the flags that hold. */
export function fileContextValue(caps: Capabilities | undefined, file: PasteFile): string {
  return ['file', caps?.renameFile ? 'canRename' : '', caps?.removeFile && file.id !== undefined ? 'canRemove' : '', file.rawUrl ? 'hasRawLink' : '']
    .filter(Boolean)
    .join(';');
}

/** Codicon name: flame for burn-after-read, else lock / eye-closed / globe by visibility. */
export function pasteIconName(paste: Paste): string {
  if (paste.burnAfterRead) return 'flame';
  switch (paste.visibility) {
    case 'private':
      return 'lock';
    case 'unlisted':
      return 'eye-closed';
    case 'public':
      return 'globe';
    default:
      return 'note';
  }
}

/** Title, else the first file's name, else the id: what the tree and pickers show. */
export function pasteLabel(paste: Paste): string {
  return paste.title?.trim() || paste.files[0]?.name || paste.id;
}

export type PasteInput =
  | { kind: 'match'; instanceId: string; pasteId: string }
  | { kind: 'unknownUrl' }
  | { kind: 'id'; pasteId: string }
  | { kind: 'invalid' };

/**
 * What "Open Paste…" was given: a URL one of the instances recognises (the first
 * wins), a URL none does, a bare id (the user then picks the instance), or neither.
 */
export function resolvePasteInput(text: string, instances: readonly { id: string; idFromUrl(url: string): string | undefined }[]): PasteInput {
  const value = text.trim();
  if (!value) return { kind: 'invalid' };
  for (const instance of instances) {
    const pasteId = instance.idFromUrl(value);
    if (pasteId) return { kind: 'match', instanceId: instance.id, pasteId };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { kind: 'unknownUrl' };
  if (/[\s/?#\\]/.test(value)) return { kind: 'invalid' };
  return { kind: 'id', pasteId: value };
}
