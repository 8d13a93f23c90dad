// The one encoder and decoder of `pastedeck:` URI paths. Every other file asks
// these two functions; src/vscode wraps the path in a vscode.Uri.
//
//   /                                   the root (one folder per instance)
//   /<instanceId>                       an instance
//   /<instanceId>/<pasteId>             a paste (a folder)
//   /<instanceId>/<pasteId>/<fileName>  a file of the paste
//
// Each segment is one escaped string: `%` → %25, `/` → %2F, `\` → %5C, and the
// names `.` and `..` have their dots written %2E. Nothing else is escaped, so a
// file named `my notes.md` shows as itself in tabs and breadcrumbs, and a file
// name holding a relative path (`src/app.ts`, as paste.gg allows) stays one
// segment (`src%2Fapp.ts`). The path is the literal `Uri.path`; VS Code's own
// URI escaping happens on top, when it prints the URI.
//
// Only ids and names go in a URI: never a key, a password or a deletion key.

export const PASTE_SCHEME = 'pastedeck';

export type PasteLocation =
  | { kind: 'root' }
  | { kind: 'instance'; instanceId: string }
  | { kind: 'paste'; instanceId: string; pasteId: string }
  | { kind: 'file'; instanceId: string; pasteId: string; fileName: string };

function encodeSegment(text: string): string {
  if (text === '') throw new Error('A pastedeck: URI segment cannot be empty.');
  if (text === '.' || text === '..') return text.replace(/\./g, '%2E');
  return text.replace(/[%/\\]/g, (c) => (c === '%' ? '%25' : c === '/' ? '%2F' : '%5C'));
}

const ESCAPES: Record<string, string> = { '%25': '%', '%2F': '/', '%5C': '\\', '%2E': '.' };

/** Undefined for a segment that encodeSegment cannot have written. */
function decodeSegment(segment: string): string | undefined {
  if (segment === '' || segment === '.' || segment === '..') return undefined;
  if (/[\\]/.test(segment)) return undefined;
  let bad = false;
  const text = segment.replace(/%(..)?/g, (m: string) => {
    const plain = ESCAPES[m];
    if (plain === undefined) bad = true;
    return plain ?? '';
  });
  if (bad) return undefined;
  // Dots are only escaped in `.` and `..`: anything else is not canonical.
  if (segment.includes('%2E') && text !== '.' && text !== '..') return undefined;
  return text;
}

/** The `Uri.path` of a location. Throws on an empty id or name (a bug in the caller). */
export function toPastePath(location: PasteLocation): string {
  switch (location.kind) {
    case 'root':
      return '/';
    case 'instance':
      return `/${encodeSegment(location.instanceId)}`;
    case 'paste':
      return `/${encodeSegment(location.instanceId)}/${encodeSegment(location.pasteId)}`;
    case 'file':
      return `/${encodeSegment(location.instanceId)}/${encodeSegment(location.pasteId)}/${encodeSegment(location.fileName)}`;
  }
}

/** The location a `Uri.path` names, or undefined when the path is not one toPastePath writes. */
export function fromPastePath(path: string): PasteLocation | undefined {
  if (path === '/') return { kind: 'root' };
  if (!path.startsWith('/')) return undefined;
  const raw = path.slice(1).split('/');
  if (raw.length > 3) return undefined;
  const parts: string[] = [];
  for (const segment of raw) {
    const text = decodeSegment(segment);
    if (text === undefined) return undefined;
    parts.push(text);
  }
  const [instanceId, pasteId, fileName] = parts as [string, string?, string?];
  if (fileName !== undefined && pasteId !== undefined) return { kind: 'file', instanceId, pasteId, fileName };
  if (pasteId !== undefined) return { kind: 'paste', instanceId, pasteId };
  return { kind: 'instance', instanceId };
}

/** The location of the paste that holds a location (itself for a paste), if any. */
export function pasteOf(location: PasteLocation): { instanceId: string; pasteId: string } | undefined {
  return location.kind === 'paste' || location.kind === 'file' ? { instanceId: location.instanceId, pasteId: location.pasteId } : undefined;
}
