// Every command PasteDeck registers, in one place. No `vscode` import, so a unit
// test can compare this list with package.json's `contributes.commands`.
export const CommandIds = {
  showLog: 'pastedeck.showLog',
  shareSelection: 'pastedeck.shareSelection',
  shareSelectionTo: 'pastedeck.shareSelectionTo',
  shareFiles: 'pastedeck.shareFiles',
  addInstance: 'pastedeck.addInstance',
  setApiKey: 'pastedeck.setApiKey',
  removeApiKey: 'pastedeck.removeApiKey',
  deletePaste: 'pastedeck.deletePaste',
  refresh: 'pastedeck.refresh',
  loadMore: 'pastedeck.loadMore',
  openPaste: 'pastedeck.openPaste',
  openPasteById: 'pastedeck.openPasteById',
  openPasteAsFolder: 'pastedeck.openPasteAsFolder',
  openInBrowser: 'pastedeck.openInBrowser',
  copyLink: 'pastedeck.copyLink',
  copyRawLink: 'pastedeck.copyRawLink',
  addFile: 'pastedeck.addFile',
  renameFile: 'pastedeck.renameFile',
  deleteFile: 'pastedeck.deleteFile',
  searchPastes: 'pastedeck.searchPastes',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
