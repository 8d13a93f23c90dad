import { createPasteEeProvider } from '../../../src/providers/pasteee';
import { startPasteEeServer, type PasteEeServer } from '../../servers/pasteee';
import { PLANTED_KEY, runContractSuite } from './suite';

const MAX_BODY = 64 * 1024;

runContractSuite<PasteEeServer>({
  name: 'paste.ee',
  startServer: () => startPasteEeServer({ maxBodyBytes: MAX_BODY }),
  createProvider: (server, credentials, extra = {}) =>
    createPasteEeProvider({ baseUrl: server.origin, getCredentials: async () => credentials, ...extra }),
  wrongCredentials: { key: PLANTED_KEY },
  createRoute: 'POST /v1/pastes',
  missingId: 'Zz9Qx',
  largeContent: () => 'x'.repeat(MAX_BODY + 1),
});
