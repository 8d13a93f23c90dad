// Service instances as the user configures them in `pastedeck.instances`: parsed
// and checked here, with no VS Code in sight, so the rules are unit-tested.
import type { ServiceKind } from './model';

export interface InstanceConfig {
  /** Stable id: names the instance's keys in SecretStorage and its pastes in URIs. */
  id: string;
  service: ServiceKind;
  name: string;
  /** API base URL, without a trailing slash. */
  baseUrl: string;
  /** Explicit opt-in to send credentials over plain http to a non-loopback host. */
  allowInsecureHttp: boolean;
  /** Account name, for services that list pastes by user (paste.gg, Paste API). Not a secret. */
  username?: string;
  /** Web UI base, where it differs from the API. */
  webUrl?: string;
}

export interface ServiceDefaults {
  defaultBaseUrl?: string;
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'instance';
}

/**
 * Reads the raw setting value. Entries that cannot work are left out and
 * described in `problems` (for the log and a warning), never thrown.
 */
export function parseInstances(
  raw: unknown,
  services: Readonly<Record<ServiceKind, ServiceDefaults>>,
): { instances: InstanceConfig[]; problems: string[] } {
  const instances: InstanceConfig[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) {
    return { instances, problems: raw === undefined ? [] : ['pastedeck.instances must be a list.'] };
  }
  raw.forEach((entry: unknown, index) => {
    const where = `pastedeck.instances[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where} is not an object.`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const service = e.service;
    if (typeof service !== 'string' || !Object.prototype.hasOwnProperty.call(services, service)) {
      problems.push(`${where}: unknown service ${JSON.stringify(service)}; use one of ${Object.keys(services).join(', ')}.`);
      return;
    }
    const kind = service as ServiceKind;
    const baseUrlRaw = typeof e.baseUrl === 'string' && e.baseUrl.trim() ? e.baseUrl.trim() : services[kind].defaultBaseUrl;
    if (!baseUrlRaw) {
      problems.push(`${where}: ${kind} is self-hosted and needs a baseUrl.`);
      return;
    }
    let url: URL;
    try {
      url = new URL(baseUrlRaw);
    } catch {
      problems.push(`${where}: baseUrl ${JSON.stringify(baseUrlRaw)} is not a URL.`);
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      problems.push(`${where}: baseUrl must start with https:// or http://.`);
      return;
    }
    if (url.username || url.password) {
      problems.push(`${where}: baseUrl must not contain credentials; use "PasteDeck: Set API Key".`);
      return;
    }
    const name = typeof e.name === 'string' && e.name.trim() ? e.name.trim() : `${kind} (${url.host})`;
    let id = typeof e.id === 'string' && e.id.trim() ? slug(e.id) : slug(name);
    for (let n = 2; instances.some((i) => i.id === id); n++) id = `${slug(name)}-${n}`;
    instances.push({
      id,
      service: kind,
      name,
      baseUrl: url.toString().replace(/\/+$/, ''),
      allowInsecureHttp: e.allowInsecureHttp === true,
      username: typeof e.username === 'string' && e.username.trim() ? e.username.trim() : undefined,
      webUrl: typeof e.webUrl === 'string' && e.webUrl.trim() ? e.webUrl.trim().replace(/\/+$/, '') : undefined,
    });
  });
  return { instances, problems };
}

/** The instance a share goes to without asking: the named default, else the first. */
export function pickDefaultInstance(instances: readonly InstanceConfig[], wanted: string | undefined): InstanceConfig | undefined {
  if (wanted) {
    const w = wanted.trim().toLowerCase();
    const found = instances.find((i) => i.id === w || i.name.toLowerCase() === w || i.id === slug(w));
    if (found) return found;
  }
  return instances[0];
}
