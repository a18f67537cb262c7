import { safeStorage } from './connection.js';

/** @import { ClientMessage, ServerMessage } from './protocol-types.js' */

/** Where the learner's id and token are kept: localStorage, so progress outlives the tab and the session. */
const LEARNER_KEY = 'tutor.learner';

/**
 * The anonymous learner this browser practises as. Practice progress is kept on the server under a
 * learner, not a chat session: the first time, the page asks for a token for its session's learner
 * and keeps it in localStorage; every new session (a reload, another tab, tomorrow) names that learner
 * with its token before practising. A token the server no longer knows (forgotten, or idle too long)
 * is dropped and a new learner begins.
 */
export class LearnerKey {
  /**
   * @param {{ send: (message: ClientMessage) => boolean, onMessage: (listener: (message: ServerMessage) => void) => void }} connection
   * @param {ReturnType<typeof safeStorage>} [storage]
   */
  constructor(connection, storage = safeStorage('local')) {
    this.connection = connection;
    this.storage = storage;
    /** Whether this session has been told who the learner is. */
    this.bound = false;
    /** The id of the last `learner` message sent, to recognise its error. @type {string | undefined} */
    this.pending = undefined;
    this.sequence = 0;
    connection.onMessage((message) => this.receive(message));
  }

  /** Names the learner to the session (or asks for one) once per session; call before each practice message. */
  ensure() {
    if (this.bound) return;
    const stored = parseStoredLearner(this.storage.get(LEARNER_KEY));
    this.sequence += 1;
    const id = `learner-${this.sequence}`;
    // The server handles a connection's messages in order: a practice message sent next runs as this learner.
    const sent = this.connection.send(stored ? { type: 'learner', id, learner: stored.learner, token: stored.token } : { type: 'learner', id });
    if (!sent) return;
    this.pending = id;
    this.bound = true;
  }

  /** Drops the kept learner ("forget me"): the next practice starts a new one. */
  forget() {
    this.storage.remove(LEARNER_KEY);
    this.bound = false;
  }

  /** @param {ServerMessage} message */
  receive(message) {
    if (message.type === 'ready') {
      this.bound = false;
    } else if (message.type === 'learner' && message.token !== undefined) {
      this.storage.set(LEARNER_KEY, JSON.stringify({ learner: message.learner, token: message.token }));
    } else if (message.type === 'error' && message.id !== undefined && message.id === this.pending) {
      this.pending = undefined;
      if (message.code === 'NOT_FOUND') {
        // The kept learner is unknown to the server now: this session's own learner takes its place.
        this.forget();
        this.ensure();
      } else {
        // Busy, rate-limited, a store hiccup: the key is kept, and the next practice message tries again.
        this.bound = false;
      }
    }
  }
}

/**
 * @param {string | null} text
 * @returns {{ learner: string, token: string } | undefined}
 */
function parseStoredLearner(text) {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text);
    return typeof value?.learner === 'string' && typeof value?.token === 'string' ? { learner: value.learner, token: value.token } : undefined;
  } catch {
    return undefined;
  }
}
