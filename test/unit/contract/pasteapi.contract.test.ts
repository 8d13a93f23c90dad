// The shared provider contract, run against the Paste API provider on its local server.
import { createPasteApiProvider } from '../../../src/providers/pasteapi';
import { startPasteApiServer } from '../../servers/pasteapi';
import { PLANTED_KEY, runContractSuite } from './suite';

runContractSuite({
  name: 'Paste API',
  // A small max_paste_chars, so "too large" is cheap to reach.
  startServer: () => startPasteApiServer({ maxPasteChars: 50_000 }),
  createProvider: (server, credentials, extra) =>
    createPasteApiProvider({ baseUrl: server.origin, getCredentials: async () => credentials, ...extra }),
  wrongCredentials: { key: PLANTED_KEY, username: 'alice' },
  createRoute: 'POST /create',
  missingId: 'Zz0Zz0Zz0Zz0',
  largeContent: () => 'x'.repeat(60_000),
});
