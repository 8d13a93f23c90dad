import { createPasteGgProvider } from '../../../src/providers/pastegg';
import { startPasteGgServer, type PasteGgServer } from '../../servers/pastegg';
import { PLANTED_KEY, runContractSuite } from './suite';

const MAX_BODY = 64 * 1024;

/** Text gzip cannot shrink below the limit: pseudo-random letters and digits. */
function incompressible(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let seed = 0x2545f491;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out += alphabet[(seed >>> 16) % alphabet.length];
  }
  return out;
}

runContractSuite<PasteGgServer>({
  name: 'paste.gg',
  startServer: () => startPasteGgServer({ maxBodyBytes: MAX_BODY }),
  createProvider: (server, credentials, extra = {}) =>
    createPasteGgProvider({ baseUrl: server.apiBase, getCredentials: async () => credentials, maxBytes: server.maxBodyBytes, ...extra }),
  wrongCredentials: { key: PLANTED_KEY, username: 'alice' },
  createRoute: 'POST /api/v1/pastes',
  missingId: '0123456789abcdef0123456789abcdef',
  largeContent: () => incompressible(2 * MAX_BODY),
});
