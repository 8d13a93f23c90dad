// All five faithful servers at once, for `npm start`, the e2e harness and the bench.
// Returns PasteDeck settings that point one instance of each service at them.
import type { ContractServer } from './base';
import { startModernPasteServer } from './modernpaste';
import { startOwnPasteServer } from './ownpaste';
import { startPasteApiServer } from './pasteapi';
import { startPasteEeServer } from './pasteee';
import { startPasteGgServer } from './pastegg';

export interface LocalServers {
  servers: Record<'pastegg' | 'pasteee' | 'ownpaste' | 'modernpaste' | 'pasteapi', ContractServer>;
  /** `pastedeck.*` settings: one instance per local server. */
  settings: Record<string, unknown>;
  /** Human-readable summary: where each server is and the demo credentials to use. */
  describe(): string;
  close(): Promise<void>;
}

export async function startAllServers(): Promise<LocalServers> {
  const [pastegg, pasteee, ownpaste, modernpaste, pasteapi] = await Promise.all([
    startPasteGgServer(),
    startPasteEeServer(),
    startOwnPasteServer(),
    startModernPasteServer(),
    startPasteApiServer(),
  ]);
  const servers = { pastegg, pasteee, ownpaste, modernpaste, pasteapi };
  const instances = [
    { id: 'local-pastegg', service: 'pastegg', name: 'paste.gg (local)', baseUrl: `${pastegg.origin}/api/v1`, username: pastegg.validCredentials.username ?? 'alice' },
    { id: 'local-pasteee', service: 'pasteee', name: 'paste.ee (local)', baseUrl: `${pasteee.origin}/v1` },
    { id: 'local-ownpaste', service: 'ownpaste', name: 'ownpaste (local)', baseUrl: ownpaste.origin },
    { id: 'local-modernpaste', service: 'modernpaste', name: 'Modern Paste (local)', baseUrl: modernpaste.origin },
    { id: 'local-pasteapi', service: 'pasteapi', name: 'Paste API (local)', baseUrl: pasteapi.origin, username: pasteapi.validCredentials.username ?? 'alice' },
  ];
  const settings = { 'pastedeck.instances': instances, 'pastedeck.defaultInstance': 'local-pastegg' };
  return {
    servers,
    settings,
    describe: () =>
      instances
        .map((i) => {
          const c: { key?: string; username?: string; password?: string } = servers[i.service as keyof typeof servers].validCredentials;
          const creds = c.key ? `demo key ${c.key}` : `demo user ${c.username} / ${c.password}`;
          return `  ${i.name.padEnd(22)} ${i.baseUrl}  (${creds}; set it with "PasteDeck: Set API Key")`;
        })
        .join('\n'),
    close: async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
