import net from 'node:net';
import { ForbiddenError } from '../errors/index.js';

const wildcardHosts = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The `Host` names the tutor answers to, against DNS rebinding: a page on an attacker's domain that
 * resolves to 127.0.0.1 reaches the tutor with its own name in `Host`, and is refused. Allowed by
 * default: `localhost` (and its subdomains), `127.0.0.1`, `[::1]` and the listen address; when
 * listening on every interface, any IP address too, since rebinding needs a name. `ALLOWED_HOSTS`
 * adds names (`.example.com` allows the domain and its subdomains) or `*` for any. Ports are not
 * compared: a port mapping (docker, a proxy) changes the port, a rebinding attack changes the name.
 */
export class HostAllowList {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = ['.localhost'];
  private readonly anyHost: boolean;
  private readonly anyAddress: boolean;

  constructor(allowed: readonly string[], listenHost: string) {
    this.anyHost = allowed.includes('*');
    this.anyAddress = wildcardHosts.has(listenHost);
    for (const name of ['localhost', '127.0.0.1', '::1', listenHost, ...allowed]) {
      const normalized = normalizeName(name);
      if (normalized.startsWith('.')) this.suffixes.push(normalized);
      else if (normalized !== '') this.exact.add(normalized);
    }
  }

  /** Whether a request with this `Host` header is served (a request without one is not a browser's). */
  allows(hostHeader: string | undefined): boolean {
    if (this.anyHost || hostHeader === undefined) return true;
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    if (this.exact.has(name)) return true;
    if (this.suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1))) return true;
    return this.anyAddress && net.isIP(name) !== 0;
  }

  /** Throws a ForbiddenError naming the host unless it is served (see allows), for HTTP and the upgrade alike. */
  check(hostHeader: string | undefined): void {
    if (!this.allows(hostHeader)) throw new ForbiddenError(`host ${JSON.stringify(hostHeader)} is not served here; add it to ALLOWED_HOSTS to allow it`);
  }
}

/** The name in a `Host` header, lower case, without port, brackets or a trailing dot; undefined if malformed. */
export function hostName(hostHeader: string): string | undefined {
  const text = hostHeader.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return undefined;
    const rest = text.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/u.test(rest)) return undefined;
    return text.slice(1, end);
  }
  const match = /^([^:/?#@\s]+)(?::\d{1,5})?$/u.exec(text);
  return match ? normalizeName(match[1] as string) : undefined;
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/^\[(.*)\]$/u, '$1').replace(/\.$/u, '');
}
