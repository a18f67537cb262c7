import { knownErrorCode } from './error-text.js';

/** @import { ClientMessage, ReadyMessage, ResumeMessage, ServerMessage } from './protocol-types.js' */

/**
 * The page's link to the tutor: one websocket to `/ws`, reopened with backoff when it drops, resuming
 * the same chat session with its resume token. The session and token are kept in sessionStorage: a
 * reload of this tab finds them, another tab starts its own conversation, and the token never
 * appears in a URL.
 *
 * Events (all `CustomEvent`s):
 * - `status` — `{ state: 'connecting' | 'ready' | 'offline' | 'taken-over', attempt, retryInMs? }`
 * - `message` — a parsed server message (`ready`, `sources`, `token`, `done`, `error`)
 * `onStatus` and `onMessage` subscribe to them with their types.
 */

/** @typedef {'connecting' | 'ready' | 'offline' | 'taken-over'} ConnectionState */
/** @typedef {{ state: ConnectionState, attempt: number, retryInMs?: number }} ConnectionStatus */

const SESSION_KEY = 'tutor.session';
/** The close code of a connection whose session another connection resumed (see the server). */
const RESUMED_ELSEWHERE = 4000;

/** The server's message types; checked against the protocol, so a new one is a type error here. @type {Record<ServerMessage['type'], true>} */
const MESSAGE_TYPES = { ready: true, sources: true, token: true, done: true, error: true, 'practice.question': true, 'practice.grade': true, progress: true, learner: true };

/**
 * Whether a parsed frame is a server message. Only its `type` is checked: the server is the tutor
 * itself, speaking protocol.ts; this keeps a stray frame from reaching the page.
 * @param {unknown} value
 * @returns {value is ServerMessage}
 */
function isServerMessage(value) {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && Object.hasOwn(MESSAGE_TYPES, value.type);
}

/**
 * Web storage when the browser lets the page use it (private modes and blocked storage throw).
 * @param {'local' | 'session'} [kind] localStorage (default) or sessionStorage
 * @returns {{ get(key: string): string | null, set(key: string, value: string): void, remove(key: string): void }}
 */
export function safeStorage(kind = 'local') {
  const area = () => (kind === 'session' ? window.sessionStorage : window.localStorage);
  return {
    get(key) {
      try {
        return area().getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        area().setItem(key, value);
      } catch {
        // Without storage a reload starts a new chat; nothing else depends on it.
      }
    },
    remove(key) {
      try {
        area().removeItem(key);
      } catch {
        // as above
      }
    },
  };
}

/**
 * The stored session and its resume token, if any and well formed.
 * @param {string | null} text
 * @returns {{ session: string, token: string } | undefined}
 */
function parseStoredSession(text) {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text);
    return typeof value?.session === 'string' && typeof value?.token === 'string' ? { session: value.session, token: value.token } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The delay before reconnection attempt `attempt` (0-based): doubling from `minMs` up to `maxMs`, with
 * ±25 % jitter so that many pages cut off by one server restart do not all come back at once.
 * @param {number} attempt
 * @param {number} minMs
 * @param {number} maxMs
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, minMs, maxMs, random = Math.random) {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * One chat session over `/ws`, kept open: dispatches `status` and `message` events (see above), reconnects
 * with backoff, and resumes the stored session on every new connection (or page load). While a resume
 * is pending the server's first `ready` (for a fresh session) is held back: the page sees either the
 * resumed session or, when it cannot be resumed, the fresh one.
 */
export class TutorConnection extends EventTarget {
  /**
   * @param {{ url?: string, minDelayMs?: number, maxDelayMs?: number }} [options]
   *   `url`: the websocket URL without the session (default: `/ws` on this page's host).
   */
  constructor(options = {}) {
    super();
    this.url = options.url ?? defaultUrl();
    this.minDelayMs = options.minDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    this.storage = safeStorage('session');
    /** @type {WebSocket | null} */
    this.socket = null;
    this.attempt = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.ready = false;
    this.stopped = false;
    /** The session the server gave us and its resume token; undefined until the first `ready`. */
    this.stored = parseStoredSession(this.storage.get(SESSION_KEY));
    /** A resume was sent and its answer is awaited. */
    this.resuming = false;
    /** The fresh session's `ready`, held while a resume is pending. @type {ReadyMessage | null} */
    this.heldReady = null;
    /** Another window resumed this conversation (told by `RESUMED_ELSEWHERE` or close code 4000). */
    this.takenOver = false;
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.retryNow();
    });
  }

  /** Opens the connection (once; later drops reconnect by themselves). */
  start() {
    this.stopped = false;
    this.open();
  }

  /** Closes the connection for good (no reconnection). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, 'page closed');
  }

  /** Forgets the stored session and connects for a new one (after the session moved to another window). */
  startFresh() {
    this.takenOver = false;
    this.stored = undefined;
    this.storage.remove(SESSION_KEY);
    this.attempt = 0;
    this.start();
  }

  /** Reconnects at once when waiting for a retry (the learner pressed "Retry now", the network came back). */
  retryNow() {
    if (this.stopped || this.socket) return;
    clearTimeout(this.timer);
    this.open();
  }

  /**
   * Calls `listener` on every connection status change.
   * @param {(status: ConnectionStatus) => void} listener
   */
  onStatus(listener) {
    // Only emitStatus dispatches `status`, always with a ConnectionStatus.
    this.addEventListener('status', (event) => listener(/** @type {CustomEvent<ConnectionStatus>} */ (event).detail));
  }

  /**
   * Calls `listener` with every server message the page should see.
   * @param {(message: ServerMessage) => void} listener
   */
  onMessage(listener) {
    // Only emitMessage dispatches `message`, always with a ServerMessage.
    this.addEventListener('message', (event) => listener(/** @type {CustomEvent<ServerMessage>} */ (event).detail));
  }

  /**
   * Sends a client message when the session is ready.
   * @param {ClientMessage} message
   * @returns {boolean} false when not connected (the caller keeps the learner's draft)
   */
  send(message) {
    if (!this.ready || !this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  open() {
    const url = new URL(this.url);
    this.emitStatus({ state: 'connecting', attempt: this.attempt });
    let socket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.resuming = false;
    this.heldReady = null;
    socket.addEventListener('open', () => {
      if (this.socket !== socket || !this.stored) return;
      this.resuming = true;
      /** @type {ResumeMessage} */
      const resume = { type: 'resume', session: this.stored.session, token: this.stored.token };
      socket.send(JSON.stringify(resume));
    });
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      /** @type {unknown} */
      let parsed;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!isServerMessage(parsed)) return;
      let message = parsed;
      if (message.type === 'error' && knownErrorCode(message.code) === 'RESUMED_ELSEWHERE') this.takenOver = true;
      if (this.resuming) {
        // The first `ready` is the fresh session's; the resume's answer decides which one the page gets.
        if (message.type === 'ready' && this.heldReady === null) {
          this.heldReady = message;
          return;
        }
        if (message.type === 'ready') {
          this.resuming = false;
        } else if (message.type === 'error' && message.id === undefined && this.heldReady !== null) {
          // The session expired or the server restarted: carry on with the fresh one.
          this.resuming = false;
          message = this.heldReady;
        }
      }
      if (message.type === 'ready' && typeof message.session === 'string') {
        if (typeof message.resumeToken === 'string') {
          this.stored = { session: message.session, token: message.resumeToken };
          this.storage.set(SESSION_KEY, JSON.stringify(this.stored));
        }
        this.ready = true;
        this.attempt = 0;
        this.emitStatus({ state: 'ready', attempt: 0 });
      }
      this.emitMessage(message);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.ready = false;
      if (this.resuming && this.heldReady !== null && event.code === 1008) {
        // The server refused the resume outright: the stored token is no good, start afresh next time.
        this.stored = undefined;
        this.storage.remove(SESSION_KEY);
      }
      if (event.code === RESUMED_ELSEWHERE || this.takenOver) {
        // Another window holds this conversation now; coming back would take it from there in turn.
        this.stopped = true;
        this.emitStatus({ state: 'taken-over', attempt: this.attempt });
        return;
      }
      if (!this.stopped) this.scheduleReconnect();
    });
    // An error is always followed by close, which does the work.
  }

  scheduleReconnect() {
    const retryInMs = backoffDelay(this.attempt, this.minDelayMs, this.maxDelayMs);
    this.attempt += 1;
    this.emitStatus({ state: 'offline', attempt: this.attempt, retryInMs });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), retryInMs);
  }

  /** @param {ConnectionStatus} status */
  emitStatus(status) {
    this.dispatchEvent(new CustomEvent('status', { detail: status }));
  }

  /** @param {ServerMessage} message */
  emitMessage(message) {
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }
}

function defaultUrl() {
  const url = new URL('/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
