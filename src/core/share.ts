// Creating what the user shares: one paste on multi-file services, one paste per
// file (at most `concurrency` at a time) on single-file services. Every create is
// sent at most once; the result says which files made it and which did not.
import { PasteError } from './errors';
import type { CallOptions, CreateInput, NewFile, Paste, PasteProvider } from './model';

export interface ShareOutcome {
  /** Pastes created, each with the files it holds. */
  created: { paste: Paste; files: NewFile[] }[];
  /** Files that were not shared, with why. */
  failed: { file: NewFile; error: PasteError }[];
  /** Files never sent because the share was cancelled. */
  skipped: NewFile[];
}

export interface ShareOptions extends CallOptions {
  /** Most creates in flight at once on single-file services (default 4). */
  concurrency?: number;
  /** Called after each file settles, with how many have. */
  onProgress?: (done: number, total: number) => void;
}

export async function sharePastes(provider: PasteProvider, input: CreateInput, options: ShareOptions = {}): Promise<ShareOutcome> {
  const outcome: ShareOutcome = { created: [], failed: [], skipped: [] };
  const total = input.files.length;
  if (provider.capabilities.multiFile || total <= 1) {
    try {
      const paste = await provider.create(input, { signal: options.signal });
      outcome.created.push({ paste, files: input.files });
    } catch (err) {
      const error = toPasteError(err);
      for (const file of input.files) outcome.failed.push({ file, error });
    }
    options.onProgress?.(total, total);
    return outcome;
  }

  const queue = [...input.files];
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (options.signal?.aborted) {
        outcome.skipped.push(file);
        continue;
      }
      try {
        const paste = await provider.create({ ...input, title: input.title ? `${input.title}: ${file.name}` : file.name, files: [file] }, { signal: options.signal });
        outcome.created.push({ paste, files: [file] });
      } catch (err) {
        outcome.failed.push({ file, error: toPasteError(err) });
      }
      options.onProgress?.(++done, total);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 4, total));
  await Promise.all(Array.from({ length: lanes }, worker));
  // Keep the user's order.
  const order = (f: NewFile) => input.files.indexOf(f);
  outcome.created.sort((a, b) => order(a.files[0]!) - order(b.files[0]!));
  outcome.failed.sort((a, b) => order(a.file) - order(b.file));
  return outcome;
}

function toPasteError(err: unknown): PasteError {
  return err instanceof PasteError ? err : new PasteError('server', `Unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
}
