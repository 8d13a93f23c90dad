// The shared provider contract, run against the Modern Paste provider on its local server.
import { createModernPasteProvider } from '../../../src/providers/modernpaste';
import { startModernPasteServer } from '../../servers/modernpaste';
import { PLANTED_KEY, runContractSuite } from './suite';

runContractSuite({
  name: 'Modern Paste',
  // A 64 KiB body limit in front of the server, as a reverse proxy would have it.
  startServer: () => startModernPasteServer({ maxBodyBytes: 64 * 1024 }),
  createProvider: (server, credentials, extra) =>
    createModernPasteProvider({ baseUrl: server.origin, getCredentials: async () => credentials, ...extra }),
  wrongCredentials: { key: PLANTED_KEY },
  createRoute: 'POST /api/paste/submit',
  missingId: '987654',
  largeContent: () => 'x'.repeat(100 * 1024),
});
