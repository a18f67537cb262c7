import type { IncomingMessage } from 'node:http';
import type { LimitsConfig } from '../config/index.js';
import { ForbiddenError, NotFoundError, RateLimitedError, type TutorError } from '../errors/index.js';
import type { Logger } from '../runtime/index.js';
import type { HostAllowList } from './host-allow-list.js';
import { isOriginAllowed } from './is-origin-allowed.js';
import { RateLimiter } from './rate-limiter.js';

/** What an upgrade to `/ws` needs checked. */
export interface UpgradeAdmissionOptions {
  hosts: HostAllowList;
  /** Origins allowed besides the page's own (`ALLOWED_ORIGINS`). */
  allowedOrigins: readonly string[];
  limits: Pick<LimitsConfig, 'connectionsPerIp' | 'connectionsPerMinutePerIp'>;
  /** The key a client is counted under (its address bucket, see addressBucket). */
  addressOf: (request: IncomingMessage) => string;
  logger: Logger;
  now?: () => number;
}

/**
 * How to answer an upgrade. Admitted: open the connection for `address`, and report `opened` and
 * `closed`. Refused with `http-status`: a plain HTTP error response, costing no websocket. Refused with
 * `error-frame`: complete the handshake, send the error as a websocket `error` and close with 1008, so
 * that a page can read why.
 */
export type UpgradeDecision =
  | { admitted: true; address: string }
  | { admitted: false; error: TutorError; answer: 'http-status' | 'error-frame' };

/** The retry hint for an address that holds too many connections: no window counts down, one of them must close first. */
const heldRetryAfterMs = 10_000;

/**
 * The websocket upgrade's checks, in order: the path, the `Host` name (DNS rebinding), the `Origin`
 * (cross-site websocket hijacking), the connections an address holds, and the new connections it
 * opens a minute. Only the first refusal of an address in 10 s gets the error frame; the rest get a
 * plain 429, so a client hammering the upgrade costs no websocket each time. Counts the connections
 * each address holds, from `opened` to `closed`.
 */
export class UpgradeAdmission {
  private readonly options: UpgradeAdmissionOptions;
  private readonly connectsPerAddress: RateLimiter;
  private readonly refusalsShown: RateLimiter;
  private readonly held = new Map<string, number>();

  constructor(options: UpgradeAdmissionOptions) {
    this.options = options;
    this.connectsPerAddress = new RateLimiter(options.limits.connectionsPerMinutePerIp, 60_000, options.now);
    this.refusalsShown = new RateLimiter(1, 10_000, options.now);
  }

  /** Runs the checks for one upgrade request; an admission counts against the address's rate at once. */
  admit(request: IncomingMessage): UpgradeDecision {
    const { hosts, allowedOrigins, limits, logger } = this.options;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ws') return { admitted: false, error: new NotFoundError(`no websocket at ${path}; the chat is at /ws`), answer: 'http-status' };
    const address = this.options.addressOf(request);
    try {
      hosts.check(request.headers.host);
    } catch (error) {
      return { admitted: false, error: error as TutorError, answer: 'http-status' };
    }
    if (!isOriginAllowed(request.headers.origin, request.headers.host, allowedOrigins)) {
      logger.warn({ event: 'ws.origin_refused', origin: request.headers.origin }, 'websocket origin refused');
      const error = new ForbiddenError(`origin ${JSON.stringify(request.headers.origin)} may not open the websocket; add it to ALLOWED_ORIGINS to allow it`);
      return { admitted: false, error, answer: 'http-status' };
    }
    let error: TutorError | undefined;
    if (this.heldBy(address) >= limits.connectionsPerIp) {
      error = new RateLimitedError(`too many connections from your address (limit ${limits.connectionsPerIp})`, heldRetryAfterMs);
    } else {
      const decision = this.connectsPerAddress.take(address);
      if (!decision.allowed) error = new RateLimitedError(`too many new connections from your address (limit ${limits.connectionsPerMinutePerIp} a minute)`, decision.retryAfterMs);
    }
    if (error === undefined) return { admitted: true, address };
    return { admitted: false, error, answer: this.refusalsShown.take(address).allowed ? 'error-frame' : 'http-status' };
  }

  /** Counts a connection the address now holds. */
  opened(address: string): void {
    this.held.set(address, this.heldBy(address) + 1);
  }

  /** Forgets a connection the address held. */
  closed(address: string): void {
    const remaining = this.heldBy(address) - 1;
    if (remaining <= 0) this.held.delete(address);
    else this.held.set(address, remaining);
  }

  /** Connections the address holds now. */
  heldBy(address: string): number {
    return this.held.get(address) ?? 0;
  }
}
