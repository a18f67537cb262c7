import { describe, expect, it } from 'vitest';
import { HostAllowList, hostName } from '../../src/server/index.js';

describe('HostAllowList', () => {
  it('reads the name out of a Host header', () => {
    expect(hostName('LocalHost:3000')).toBe('localhost');
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('example.org.')).toBe('example.org');
    expect(hostName('evil.example@127.0.0.1')).toBeUndefined();
    expect(hostName('[::1')).toBeUndefined();
  });

  it('allows loopback names and the listen address by default, and nothing else', () => {
    const hosts = new HostAllowList([], '127.0.0.1');
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'app.localhost', undefined]) expect(hosts.allows(host), String(host)).toBe(true);
    for (const host of ['evil.example', 'evil.example:3000', '192.168.1.5:3000', 'localhost.evil.example', '']) expect(hosts.allows(host), host).toBe(false);
  });

  it('allows any IP address when listening on every interface (rebinding needs a name)', () => {
    const hosts = new HostAllowList([], '0.0.0.0');
    expect(hosts.allows('192.168.1.5:3000')).toBe(true);
    expect(hosts.allows('[2001:db8::5]:3000')).toBe(true);
    expect(hosts.allows('evil.example')).toBe(false);
  });

  it('adds names, domains with their subdomains, or everything', () => {
    const named = new HostAllowList(['tutor.example.org', '.example.net'], '127.0.0.1');
    expect(['tutor.example.org', 'example.net', 'a.b.example.net'].every((host) => named.allows(host))).toBe(true);
    expect(named.allows('example.org')).toBe(false);
    expect(named.allows('badexample.net')).toBe(false);
    expect(new HostAllowList(['*'], '127.0.0.1').allows('anything.example')).toBe(true);
  });
});
