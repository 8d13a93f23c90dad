// The five services PasteDeck knows, by kind: display name, factory, defaults.
import type { Capabilities, PasteProvider, ProviderOptions, ServiceKind } from '../core/model';
import { createModernPasteProvider, MODERNPASTE_CAPABILITIES } from './modernpaste';
import { createOwnPasteProvider, OWNPASTE_CAPABILITIES } from './ownpaste';
import { createPasteApiProvider, PASTEAPI_CAPABILITIES } from './pasteapi';
import { createPasteEeProvider, PASTEEE_CAPABILITIES } from './pasteee';
import { createPasteGgProvider, PASTEGG_CAPABILITIES } from './pastegg';

export interface ServiceInfo {
  kind: ServiceKind;
  /** Display name, e.g. "paste.gg". */
  name: string;
  capabilities: Capabilities;
  /** The public instance's API base, where the service has one. */
  defaultBaseUrl?: string;
  /** Self-hosted services need a base URL from the user. */
  selfHosted: boolean;
  /** What the user should paste into "Set API Key", in a few words. */
  keyHint: string;
  create(options: ProviderOptions): PasteProvider;
}

export const SERVICES: Readonly<Record<ServiceKind, ServiceInfo>> = {
  pastegg: {
    kind: 'pastegg',
    name: 'paste.gg',
    capabilities: PASTEGG_CAPABILITIES,
    defaultBaseUrl: 'https://api.paste.gg/v1',
    selfHosted: false,
    keyHint: 'an API key from paste.gg → Settings → API keys',
    create: createPasteGgProvider,
  },
  pasteee: {
    kind: 'pasteee',
    name: 'paste.ee',
    capabilities: PASTEEE_CAPABILITIES,
    defaultBaseUrl: 'https://api.paste.ee/v1',
    selfHosted: false,
    keyHint: 'a paste.ee Application or UserApplication key (account → API)',
    create: createPasteEeProvider,
  },
  ownpaste: {
    kind: 'ownpaste',
    name: 'ownpaste',
    capabilities: OWNPASTE_CAPABILITIES,
    selfHosted: true,
    keyHint: 'the username and password set up on your ownpaste server',
    create: createOwnPasteProvider,
  },
  modernpaste: {
    kind: 'modernpaste',
    name: 'Modern Paste',
    capabilities: MODERNPASTE_CAPABILITIES,
    selfHosted: true,
    keyHint: 'the API key from your Modern Paste account page',
    create: createModernPasteProvider,
  },
  pasteapi: {
    kind: 'pasteapi',
    name: 'Paste API',
    capabilities: PASTEAPI_CAPABILITIES,
    selfHosted: true,
    keyHint: 'the API key of your Paste API account',
    create: createPasteApiProvider,
  },
};

export const SERVICE_KINDS = Object.keys(SERVICES) as ServiceKind[];

export function isServiceKind(value: unknown): value is ServiceKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SERVICES, value);
}
