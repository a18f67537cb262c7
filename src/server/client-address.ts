import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config/index.js';

/** The client's address for a request: the socket's, or the one a trusted proxy forwarded. */
export type ClientAddress = (request: IncomingMessage) => string;

/**
 * How to tell clients apart for per-address limits (`TRUST_PROXY`). Off: the socket's peer, so a
 * client cannot pick its own address with `X-Forwarded-For`. Behind nginx or a load balancer: the
 * address in `X-Forwarded-For` as far back as the trusted hops (a count, or addresses and subnets).
 * The same function serves HTTP requests and websocket upgrades.
 */
export function clientAddress(trustProxy: TrustProxy): ClientAddress {
  switch (trustProxy.kind) {
    case 'off':
      return (request) => request.socket.remoteAddress ?? 'unknown';
    case 'hops': {
      const { hops } = trustProxy;
      return (request) => proxyAddr(request, (_address, hop) => hop < hops);
    }
    case 'subnets': {
      const trusted = proxyAddr.compile(trustProxy.subnets);
      return (request) => proxyAddr(request, trusted);
    }
  }
}
