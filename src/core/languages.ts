// VS Code language ids and file extensions. Each provider maps these to and from
// its service's own names; this file holds what is common to all of them.

/** File extension (lower case, no dot) or well-known file name → VS Code language id. */
const BY_EXTENSION: Record<string, string> = {
  bat: 'bat', cmd: 'bat', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  cs: 'csharp', css: 'css', clj: 'clojure', coffee: 'coffeescript', dart: 'dart', diff: 'diff', patch: 'diff',
  dockerfile: 'dockerfile', ex: 'elixir', exs: 'elixir', erl: 'erlang', fs: 'fsharp', go: 'go', groovy: 'groovy',
  gradle: 'groovy', hs: 'haskell', html: 'html', htm: 'html', ini: 'ini', cfg: 'ini', java: 'java',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact', json: 'json', jsonc: 'jsonc',
  jl: 'julia', kt: 'kotlin', kts: 'kotlin', tex: 'latex', less: 'less', lua: 'lua', makefile: 'makefile',
  mk: 'makefile', md: 'markdown', markdown: 'markdown', m: 'objective-c', mm: 'objective-cpp', pl: 'perl',
  pm: 'perl', php: 'php', ps1: 'powershell', psm1: 'powershell', py: 'python', pyw: 'python', r: 'r',
  rb: 'ruby', rs: 'rust', scala: 'scala', scss: 'scss', sass: 'sass', sh: 'shellscript', bash: 'shellscript',
  zsh: 'shellscript', sql: 'sql', swift: 'swift', toml: 'toml', ts: 'typescript', mts: 'typescript',
  cts: 'typescript', tsx: 'typescriptreact', txt: 'plaintext', text: 'plaintext', log: 'log', vb: 'vb',
  vue: 'vue', xml: 'xml', svg: 'xml', xsl: 'xsl', yaml: 'yaml', yml: 'yaml', nix: 'nix', tf: 'terraform',
  proto: 'proto3', graphql: 'graphql', gql: 'graphql', zig: 'zig', nim: 'nim', ml: 'ocaml', elm: 'elm',
  v: 'verilog', vhd: 'vhdl', asm: 'asm', s: 'asm', cmake: 'cmake', env: 'dotenv', properties: 'properties',
};

/** VS Code language id → the usual file extension (for naming untitled shares). */
const EXTENSION_FOR: Record<string, string> = {
  plaintext: 'txt', javascript: 'js', typescript: 'ts', javascriptreact: 'jsx', typescriptreact: 'tsx',
  python: 'py', shellscript: 'sh', markdown: 'md', csharp: 'cs', cpp: 'cpp', c: 'c', rust: 'rs', go: 'go',
  java: 'java', json: 'json', jsonc: 'jsonc', yaml: 'yaml', html: 'html', css: 'css', ruby: 'rb', php: 'php',
  sql: 'sql', xml: 'xml', kotlin: 'kt', swift: 'swift', lua: 'lua', perl: 'pl', r: 'r', powershell: 'ps1',
  dockerfile: 'Dockerfile', makefile: 'Makefile', diff: 'diff', ini: 'ini', toml: 'toml', scss: 'scss',
  haskell: 'hs', scala: 'scala', dart: 'dart', elixir: 'ex', erlang: 'erl', clojure: 'clj', latex: 'tex',
  bat: 'bat', vb: 'vb', fsharp: 'fs', groovy: 'groovy', 'objective-c': 'm', less: 'less', log: 'log',
};

/** The VS Code language id for a file name, or undefined. */
export function languageForFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const lower = base.toLowerCase();
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.')) return 'dockerfile';
  if (lower === 'makefile' || lower === 'gnumakefile') return 'makefile';
  if (lower === '.env' || lower.startsWith('.env.')) return 'dotenv';
  const dot = lower.lastIndexOf('.');
  return dot >= 0 ? BY_EXTENSION[lower.slice(dot + 1)] : undefined;
}

/** A file name extension for a VS Code language id ("txt" when unknown). */
export function extensionForLanguage(languageId: string | undefined): string {
  return (languageId && EXTENSION_FOR[languageId]) || 'txt';
}

/**
 * Builds a two-way map between VS Code ids and a service's names from pairs.
 * `toService` takes the first pair listed for an id; `fromService` takes every
 * service name listed (so output-only names such as paste.gg's "cpp" map back too).
 */
export function languageMap(pairs: readonly (readonly [vscodeId: string, serviceName: string])[]) {
  const toService = new Map<string, string>();
  const fromService = new Map<string, string>();
  for (const [id, name] of pairs) {
    if (!toService.has(id)) toService.set(id, name);
    if (!fromService.has(name.toLowerCase())) fromService.set(name.toLowerCase(), id);
  }
  return {
    toService: (vscodeId: string | undefined) => (vscodeId ? toService.get(vscodeId) : undefined),
    fromService: (name: string | null | undefined) => (name ? fromService.get(name.toLowerCase()) : undefined),
  };
}
