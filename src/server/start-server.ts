import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger, TutorRuntime } from '../runtime/index.js';
import { ChatConnection } from './chat-connection.js';
import { createApp } from './create-app.js';
import { isOriginAllowed } from './is-origin-allowed.js';
import { SessionStore } from './session-store.js';

/** Where to listen. */
export interface StartServerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** How often dead websocket connections are looked for (ping/pong). */
  heartbeatMs?: number;
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
  const llm = tutor.generationMode === 'openai' ? { mode: 'openai' as const, ...(config.llm?.model ? { model: config.llm.model } : {}) } : { mode: 'extractive' as const };
  const sessions = new SessionStore({
    maxSessions: config.limits.maxSessions,
    idleMs: config.limits.sessionIdleMs,
    historyMessages: config.limits.historyMessages,
    historyCharacters: config.limits.historyCharacters,
  });
  const app = createApp({ runtime, logger, llmHealth: () => llm });
  const server = http.createServer(app);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxPayloadBytes });
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
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const session = sessions.open(url.searchParams.get('session') ?? undefined);
      alive.set(webSocket, true);
      webSocket.on('pong', () => alive.set(webSocket, true));
      webSocket.on('error', (error) => logger.debug({ event: 'ws.error', error: error.message }, 'websocket error'));
      const connection = new ChatConnection(webSocket, session, { tutor, sessions, limits: config.limits, logger, llm });
      connections.add(connection);
      webSocket.on('close', () => connections.delete(connection));
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
  }, options.heartbeatMs ?? 30_000);
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
    close: async (graceMs = 10_000) => {
      clearInterval(heartbeat);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while ([...connections].some((connection) => connection.session.activeAnswer) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const webSocket of sockets.clients) webSocket.close(1001, 'server shutting down');
      sockets.close();
      server.closeAllConnections();
      await stopped;
    },
  };
}
