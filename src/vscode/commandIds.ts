// Every command PasteDeck registers, in one place. No `vscode` import, so a unit
// test can compare this list with package.json's `contributes.commands`.
export const CommandIds = {
  showLog: 'pastedeck.showLog',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
