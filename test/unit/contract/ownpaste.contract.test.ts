// The shared provider contract, run against the ownpaste provider on its local server.
import { createOwnPasteProvider } from '../../../src/providers/ownpaste';
import { startOwnPasteServer } from '../../servers/ownpaste';
import { PLANTED_KEY, runContractSuite } from './suite';

runContractSuite({
  name: 'ownpaste',
  // Flask's MAX_CONTENT_LENGTH set to 64 KiB (upstream has no limit unless configured).
  startServer: () => startOwnPasteServer({ maxContentLength: 64 * 1024 }),
  createProvider: (server, credentials, extra) =>
    createOwnPasteProvider({ baseUrl: server.origin, getCredentials: async () => credentials, ...extra }),
  wrongCredentials: { username: 'alice', password: PLANTED_KEY },
  createRoute: 'POST /paste/',
  missingId: '987654',
  largeContent: () => 'x'.repeat(100 * 1024),
});
