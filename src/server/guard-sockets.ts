import type http from 'node:http';
import type { Socket } from 'node:net';
import { addressBucket } from './address-bucket.js';

/** Bounds on raw connections, before any HTTP is read. */
export interface SocketGuardOptions {
  /** Open TCP connections one address (an IPv6 /64) may hold; 0 for no cap (behind a proxy, which caps). */
  socketsPerAddress: number;
  /** Time a new connection has to send its first request before it is closed. */
  firstRequestTimeoutMs: number;
}

/**
 * Guards the listening socket against connections that cost descriptors and send nothing: each
 * address may hold so many open connections (the next ones are closed at once), and a connection
 * that sends no request in time is closed. Once a request has arrived, Node's own timeouts (and
 * the websocket heartbeat after an upgrade) take over.
 */
export function guardSockets(server: http.Server, options: SocketGuardOptions): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    if (options.socketsPerAddress > 0) {
      const key = addressBucket(socket.remoteAddress ?? 'unknown');
      const held = open.get(key) ?? 0;
      if (held >= options.socketsPerAddress) {
        socket.destroy();
        return;
      }
      open.set(key, held + 1);
      socket.once('close', () => {
        const remaining = (open.get(key) ?? 1) - 1;
        if (remaining <= 0) open.delete(key);
        else open.set(key, remaining);
      });
    }
    socket.setTimeout(options.firstRequestTimeoutMs, () => socket.destroy());
  });
  const started = (request: http.IncomingMessage) => request.socket.setTimeout(0);
  server.on('request', started);
  server.on('upgrade', started);
}
