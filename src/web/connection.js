/**
 * The page's link to the tutor: one websocket to `/ws`, reopened with backoff when it drops, resuming
 * the same chat session (its id is kept in localStorage, so a reload resumes it too).
 *
 * Events (all `CustomEvent`s):
 * - `status` — `{ state: 'connecting' | 'ready' | 'offline', attempt, retryInMs? }`
 * - `message` — a parsed server message (`ready`, `sources`, `token`, `done`, `error`)
 */

const SESSION_KEY = 'tutor.session';

/**
 * localStorage when the browser lets the page use it (private modes and blocked storage throw).
 * @returns {{ get(key: string): string | null, set(key: string, value: string): void, remove(key: string): void }}
 */
export function safeStorage() {
  return {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch {
        // Without storage a reload starts a new chat; nothing else depends on it.
      }
    },
    remove(key) {
      try {
        window.localStorage.removeItem(key);
      } catch {
        // as above
      }
    },
  };
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
 * with backoff, and stores the session id so the next connection (or page load) resumes it.
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
    this.storage = safeStorage();
    /** @type {WebSocket | null} */
    this.socket = null;
    this.attempt = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.ready = false;
    this.stopped = false;
    /** The session the server gave us; undefined until the first `ready`. */
    this.session = this.storage.get(SESSION_KEY) ?? undefined;
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

  /** Reconnects at once when waiting for a retry (the learner pressed "Retry now", the network came back). */
  retryNow() {
    if (this.stopped || this.socket) return;
    clearTimeout(this.timer);
    this.open();
  }

  /**
   * Sends a client message when the session is ready.
   * @param {object} message
   * @returns {boolean} false when not connected (the caller keeps the learner's draft)
   */
  send(message) {
    if (!this.ready || !this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  open() {
    const url = new URL(this.url);
    if (this.session) url.searchParams.set('session', this.session);
    this.emit('status', { state: 'connecting', attempt: this.attempt });
    let socket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!message || typeof message.type !== 'string') return;
      if (message.type === 'ready' && typeof message.session === 'string') {
        this.session = message.session;
        this.storage.set(SESSION_KEY, message.session);
        this.ready = true;
        this.attempt = 0;
        this.emit('status', { state: 'ready', attempt: 0 });
      }
      this.emit('message', message);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.ready = false;
      if (!this.stopped) this.scheduleReconnect();
    });
    // An error is always followed by close, which does the work.
  }

  scheduleReconnect() {
    const retryInMs = backoffDelay(this.attempt, this.minDelayMs, this.maxDelayMs);
    this.attempt += 1;
    this.emit('status', { state: 'offline', attempt: this.attempt, retryInMs });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), retryInMs);
  }

  /** @param {string} type @param {unknown} detail */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function defaultUrl() {
  const url = new URL('/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
