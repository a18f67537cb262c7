import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/index.js';
import { HostAllowList, UpgradeAdmission, type UpgradeAdmissionOptions } from '../../src/server/index.js';

/** An upgrade request as admit() reads it: the path, the headers, and the peer's address. */
function upgrade(options: { path?: string; host?: string; origin?: string; address?: string } = {}): IncomingMessage {
  const headers: Record<string, string> = { host: options.host ?? '127.0.0.1:3000' };
  if (options.origin !== undefined) headers['origin'] = options.origin;
  return { url: options.path ?? '/ws', headers, socket: { remoteAddress: options.address ?? '203.0.113.1' } } as unknown as IncomingMessage;
}

function admission(overrides: Partial<UpgradeAdmissionOptions> = {}) {
  const clock = { now: 0 };
  const gate = new UpgradeAdmission({
    hosts: new HostAllowList([], '127.0.0.1'),
    allowedOrigins: [],
    limits: { connectionsPerIp: 20, connectionsPerMinutePerIp: 120 },
    addressOf: (request) => request.socket.remoteAddress ?? 'unknown',
    logger: createLogger('silent'),
    now: () => clock.now,
    ...overrides,
  });
  return { gate, clock };
}

describe('UpgradeAdmission', () => {
  it('admits an upgrade to /ws from the page\'s own origin, under the client\'s address', () => {
    const { gate } = admission();
    expect(gate.admit(upgrade({ origin: 'http://127.0.0.1:3000' }))).toEqual({ admitted: true, address: '203.0.113.1' });
    expect(gate.admit(upgrade())).toEqual({ admitted: true, address: '203.0.113.1' });
  });

  it('refuses another path with a plain 404', () => {
    const decision = admission().gate.admit(upgrade({ path: '/chat?x=1' }));
    expect(decision).toMatchObject({ admitted: false, answer: 'http-status', error: { code: 'NOT_FOUND', message: 'no websocket at /chat; the chat is at /ws' } });
  });

  it('refuses a Host that is not served with a plain 403 naming ALLOWED_HOSTS, before looking at the origin', () => {
    const decision = admission().gate.admit(upgrade({ host: 'evil.example', origin: 'http://evil.example' }));
    expect(decision).toMatchObject({ admitted: false, answer: 'http-status', error: { code: 'FORBIDDEN', message: expect.stringContaining('ALLOWED_HOSTS') } });
  });

  it('refuses a cross-site origin with a plain 403 naming ALLOWED_ORIGINS, and admits an allow-listed one', () => {
    const decision = admission().gate.admit(upgrade({ origin: 'https://evil.example' }));
    expect(decision).toMatchObject({ admitted: false, answer: 'http-status', error: { code: 'FORBIDDEN', message: expect.stringContaining('ALLOWED_ORIGINS') } });
    const allowing = admission({ allowedOrigins: ['https://friend.example'] }).gate;
    expect(allowing.admit(upgrade({ origin: 'https://friend.example' }))).toMatchObject({ admitted: true });
  });

  it('refuses an address holding too many connections: the first refusal in 10 s as an error frame, the rest as plain 429s', () => {
    const { gate, clock } = admission({ limits: { connectionsPerIp: 2, connectionsPerMinutePerIp: 120 } });
    gate.opened('203.0.113.1');
    gate.opened('203.0.113.1');
    expect(gate.heldBy('203.0.113.1')).toBe(2);
    const first = gate.admit(upgrade());
    expect(first).toMatchObject({ admitted: false, answer: 'error-frame', error: { code: 'RATE_LIMITED', retryAfterMs: 10_000, message: expect.stringContaining('limit 2') } });
    expect(gate.admit(upgrade())).toMatchObject({ admitted: false, answer: 'http-status', error: { code: 'RATE_LIMITED' } });
    // Another address is counted on its own.
    expect(gate.admit(upgrade({ address: '198.51.100.7' }))).toMatchObject({ admitted: true });
    clock.now += 10_000;
    expect(gate.admit(upgrade())).toMatchObject({ admitted: false, answer: 'error-frame' });
    gate.closed('203.0.113.1');
    expect(gate.heldBy('203.0.113.1')).toBe(1);
    expect(gate.admit(upgrade())).toMatchObject({ admitted: true });
  });

  it('refuses an address opening too many connections a minute, with the time until one is free again', () => {
    const { gate, clock } = admission({ limits: { connectionsPerIp: 20, connectionsPerMinutePerIp: 2 } });
    expect(gate.admit(upgrade())).toMatchObject({ admitted: true });
    clock.now += 15_000;
    expect(gate.admit(upgrade())).toMatchObject({ admitted: true });
    const refused = gate.admit(upgrade());
    expect(refused).toMatchObject({ admitted: false, answer: 'error-frame', error: { code: 'RATE_LIMITED', retryAfterMs: 45_000, message: expect.stringContaining('2 a minute') } });
    clock.now += 45_000;
    expect(gate.admit(upgrade())).toMatchObject({ admitted: true });
  });

  it('forgets an address once its last connection closes', () => {
    const { gate } = admission();
    gate.opened('203.0.113.1');
    gate.closed('203.0.113.1');
    gate.closed('203.0.113.1');
    expect(gate.heldBy('203.0.113.1')).toBe(0);
  });
});
