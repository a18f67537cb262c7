import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RateLimitedError } from '../errors/index.js';
import type { Logger, TutorRuntime } from '../runtime/index.js';
import { addressBucket } from './address-bucket.js';
import { AddressLanes } from './address-lanes.js';
import { ChatConnection, CLOSE_GRACE_MS } from './chat-connection.js';
import { clientAddress } from './client-address.js';
import { createApp } from './create-app.js';
import { guardSockets } from './guard-sockets.js';
import { HostAllowList } from './host-allow-list.js';
import { RateLimiter } from './rate-limiter.js';
import { securityHeaders } from './security-headers.js';
import { PracticeCoach } from '../practice/index.js';
import { openTutorDatabase, SqlitePracticeStore, SqliteSessionPersistence } from '../store/index.js';
import { SessionStore } from './session-store.js';
import { sessionTag } from './session-tag.js';
import { toErrorMessage } from './to-error-message.js';
import { toErrorPayload } from './to-error-payload.js';
import { UpgradeAdmission } from './upgrade-admission.js';

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
  // One budget per IP address (an IPv6 /64) for asks over HTTP and the websocket together.
  const asksPerIp = new RateLimiter(limits.asksPerMinutePerIp, 60_000);
  const lanes = new AddressLanes();
  const addressOf = clientAddress(config.trustProxy);
  const hosts = new HostAllowList(config.allowedHosts, options.host);
  const admission = new UpgradeAdmission({
    hosts,
    allowedOrigins: config.allowedOrigins,
    limits,
    addressOf: (request) => addressBucket(addressOf(request)),
    logger,
  });
  const admitIp = (bucket: string) => {
    const decision = asksPerIp.take(bucket);
    if (!decision.allowed) throw new RateLimitedError('too many questions from your address', decision.retryAfterMs);
  };
  // Sessions outlive a restart in the SQLite store; a bad data file stops the start here.
  const database = await openTutorDatabase(config.dataDirectory);
  const sessions = new SessionStore({
    maxSessions: limits.maxSessions,
    sessionsPerOwner: limits.sessionsPerIp,
    idleMs: limits.sessionIdleMs,
    historyBudget: runtime.historyBudget,
    persistence: new SqliteSessionPersistence(database),
    onPersistenceError: (error) =>
      logger.error({ event: 'store.write-failed', error: (error as Error).message }, 'a session could not be saved; it goes on in memory'),
  });
  // The mock interviewer keeps each learner's attempts and review schedules in the same store.
  const coach = new PracticeCoach(tutor.records, runtime.grader, new SqlitePracticeStore(database));
  // Learners who have not practised for LEARNER_IDLE_DAYS are forgotten: at start, then hourly.
  const pruneLearners = () => {
    try {
      const pruned = coach.pruneLearners(Date.now() - limits.learnerIdleMs);
      if (pruned > 0) logger.info({ event: 'store.learners-pruned', pruned }, 'idle learners forgotten');
    } catch (error) {
      logger.error({ event: 'store.prune-failed', error: (error as Error).message }, 'idle learners could not be pruned');
    }
  };
  pruneLearners();
  let lastPrune = Date.now();
  const app = createApp({
    runtime,
    logger,
    llmHealth,
    before: [
      (request, _response, next) => {
        hosts.check(request.headers.host);
        next();
      },
      securityHeaders(),
    ],
    admitAsk: admitIp,
    addressOf: (request) => addressBucket(addressOf(request)),
    lanes,
  });
  const server = http.createServer(app);
  // Behind a trusted proxy every connection comes from the proxy: the proxy caps per client (see docker/nginx.conf).
  guardSockets(server, { socketsPerAddress: config.trustProxy.kind === 'off' ? limits.socketsPerIp : 0, firstRequestTimeoutMs: limits.firstRequestTimeoutMs });
  // UTF-8 is checked by the connection, which answers bad text with an error instead of closing.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes, skipUTF8Validation: true });
  const connections = new Set<ChatConnection>();
  const alive = new WeakMap<WebSocket, boolean>();
  /** Refuses an upgrade with an HTTP status and the usual JSON error body. */
  const refuse = (socket: Duplex, error: unknown) => {
    const payload = toErrorPayload(error);
    const body = JSON.stringify({ error: { code: payload.code, message: payload.message } });
    const retryAfter = payload.retryAfterMs === undefined ? '' : `Retry-After: ${Math.ceil(payload.retryAfterMs / 1000)}\r\n`;
    // A client that does not read the refusal does not keep its descriptor.
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    socket.end(`HTTP/1.1 ${payload.status} ${http.STATUS_CODES[payload.status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n${retryAfter}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => undefined);
    const decision = admission.admit(request);
    if (!decision.admitted) {
      if (decision.answer === 'http-status') {
        refuse(socket, decision.error);
        return;
      }
      sockets.handleUpgrade(request, socket, head, (webSocket) => {
        webSocket.on('error', () => undefined);
        webSocket.send(JSON.stringify(toErrorMessage(decision.error)));
        webSocket.close(1008, 'too many connections');
        setTimeout(() => webSocket.terminate(), CLOSE_GRACE_MS).unref();
      });
      return;
    }
    const { address } = decision;
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      // ws completes the handshake synchronously, so a burst of upgrades is counted one by one.
      admission.opened(address);
      webSocket.on('error', (error) => logger.debug({ event: 'ws.error', error: error.message }, 'websocket error'));
      alive.set(webSocket, true);
      webSocket.on('pong', () => alive.set(webSocket, true));
      const asksPerConnection = new RateLimiter(limits.asksPerMinutePerConnection, 60_000);
      const connection = new ChatConnection(webSocket, {
        tutor,
        sessions,
        limits,
        logger,
        llm,
        owner: address,
        lanes,
        coach,
        admitAsk: (bucket) => {
          const perConnection = asksPerConnection.take('connection');
          if (!perConnection.allowed) throw new RateLimitedError('too many questions on this connection', perConnection.retryAfterMs);
          admitIp(bucket);
        },
      });
      connections.add(connection);
      logger.info({ event: 'ws.open' }, 'connection opened');
      webSocket.on('close', (code) => {
        connections.delete(connection);
        admission.closed(address);
        logger.info({ event: 'ws.close', session: sessionTag(connection.session.id), code }, 'connection closed');
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
    if (Date.now() - lastPrune >= 3_600_000) {
      lastPrune = Date.now();
      pruneLearners();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(heartbeat);
    database.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    close: async (graceMs = limits.shutdownGraceMs) => {
      clearInterval(heartbeat);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while ([...connections].some((connection) => connection.answering) && Date.now() < deadline) {
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
      // The connections' last writes (a stopped answer, a release) happen as they close.
      await new Promise((resolve) => setImmediate(resolve));
      database.close();
    },
  };
}
