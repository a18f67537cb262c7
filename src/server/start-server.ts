import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RateLimitedError } from '../errors/index.js';
import type { Logger, TutorRuntime } from '../runtime/index.js';
import { ChatConnection } from './chat-connection.js';
import { createApp } from './create-app.js';
import { isOriginAllowed } from './is-origin-allowed.js';
import { RateLimiter } from './rate-limiter.js';
import { securityHeaders } from './security-headers.js';
import { SessionStore } from './session-store.js';

/** Where to listen. */
export interface StartServerOptions {
  host: string;
  port: number;
  logger: Logger;
}

/** A listening tutor server. */
export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  /** Stops accepting, lets answers in flight finish within `graceMs`, then closes every socket with 1001. */
  close(graceMs?: number): Promise<void>;
}

/** Serves the tutor: the HTTP routes and the `/ws` chat protocol on one port. */
export async function startServer(runtime: TutorRuntime, options: StartServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const { config, tutor } = runtime;
  const { limits } = config;
  const llm = tutor.generationMode === 'openai' ? { mode: 'openai' as const, ...(config.llm?.model ? { model: config.llm.model } : {}) } : { mode: 'extractive' as const };
  const llmHealth = () => (runtime.llmBreaker ? { ...llm, state: runtime.llmBreaker.state } : llm);
  // One budget per IP address for asks over HTTP and the websocket together.
  const asksPerIp = new RateLimiter(limits.asksPerMinutePerIp, 60_000);
  const connectionsPerIp = new Map<string, number>();
  const admitIp = (address: string) => {
    const decision = asksPerIp.take(address);
    if (!decision.allowed) throw new RateLimitedError('too many questions from your address', decision.retryAfterMs);
  };
  const sessions = new SessionStore({
    maxSessions: config.limits.maxSessions,
    idleMs: config.limits.sessionIdleMs,
    historyBudget: runtime.historyBudget,
  });
  const app = createApp({ runtime, logger, llmHealth, before: [securityHeaders()], admitAsk: admitIp });
  const server = http.createServer(app);
  // UTF-8 is checked by the connection, which answers bad text with an error instead of closing.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes, skipUTF8Validation: true });
  const connections = new Set<ChatConnection>();
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!isOriginAllowed(request.headers.origin, request.headers.host, config.allowedOrigins)) {
      logger.warn({ event: 'ws.origin_refused', origin: request.headers.origin }, 'websocket origin refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const address = request.socket.remoteAddress ?? 'unknown';
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      webSocket.on('error', (error) => logger.debug({ event: 'ws.error', error: error.message }, 'websocket error'));
      const held = connectionsPerIp.get(address) ?? 0;
      if (held >= limits.connectionsPerIp) {
        webSocket.send(JSON.stringify({ type: 'error', code: 'RATE_LIMITED', message: `too many connections from your address (limit ${limits.connectionsPerIp})`, retryAfterMs: 10_000 }));
        webSocket.close(1008, 'too many connections');
        return;
      }
      connectionsPerIp.set(address, held + 1);
      const session = sessions.open(url.searchParams.get('session') ?? undefined);
      alive.set(webSocket, true);
      webSocket.on('pong', () => alive.set(webSocket, true));
      const asksPerConnection = new RateLimiter(limits.asksPerMinutePerConnection, 60_000);
      const connection = new ChatConnection(webSocket, session, {
        tutor,
        sessions,
        limits,
        logger,
        llm,
        maxBufferedBytes: limits.maxBufferedBytes,
        admitAsk: () => {
          const decision = asksPerConnection.take('connection');
          if (!decision.allowed) throw new RateLimitedError('too many questions on this connection', decision.retryAfterMs);
          admitIp(address);
        },
      });
      connections.add(connection);
      logger.info({ event: 'ws.open', session: session.id, resumed: session.history.length > 0 }, 'connection opened');
      webSocket.on('close', (code) => {
        connections.delete(connection);
        const remaining = (connectionsPerIp.get(address) ?? 1) - 1;
        if (remaining <= 0) connectionsPerIp.delete(address);
        else connectionsPerIp.set(address, remaining);
        logger.info({ event: 'ws.close', session: session.id, code }, 'connection closed');
      });
    });
  });

  // Connections that stop answering pings are closed, which aborts their answers and frees their LLM requests.
  const heartbeat = setInterval(() => {
    for (const webSocket of sockets.clients) {
      if (alive.get(webSocket) === false) {
        webSocket.terminate();
        continue;
      }
      alive.set(webSocket, false);
      webSocket.ping();
    }
    sessions.sweep();
  }, limits.heartbeatMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    close: async (graceMs = limits.shutdownGraceMs) => {
      clearInterval(heartbeat);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while ([...connections].some((connection) => connection.session.activeAnswer) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const webSocket of sockets.clients) webSocket.close(1001, 'server shutting down');
      // A client that does not answer the closing handshake is cut off.
      const closing = setTimeout(() => {
        for (const webSocket of sockets.clients) webSocket.terminate();
      }, 1000);
      sockets.close();
      server.closeAllConnections();
      await stopped;
      clearTimeout(closing);
    },
  };
}
