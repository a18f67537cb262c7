import type { ConversationTurn } from '../tutor/index.js';
import type { HistoryEntry, ServerMessage } from './protocol.js';

/** The `ready` message: sent on connect, after `reset`, and in answer to `resume`. */
export type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;

/** What `ready` is built from: a session as it stands and what the server says about itself. */
export interface ReadyState {
  session: { id: string; history: readonly ConversationTurn[] };
  /** The session's current resume token (to send, never to keep). */
  resumeToken: string;
  llm: ReadyMessage['llm'];
  /** How many records the bank holds. */
  records: number;
}

/** `ready` for a session: its id, its resume token and every turn, as the page redraws them. */
export function toReadyMessage(state: ReadyState): ReadyMessage {
  return {
    type: 'ready',
    session: state.session.id,
    resumeToken: state.resumeToken,
    llm: state.llm,
    records: state.records,
    history: state.session.history.map((turn) => toHistoryEntry(turn)),
  };
}

/** A turn as `ready` shows it: the text and what redraws the answer, without the server's own notes. */
function toHistoryEntry(turn: ConversationTurn): HistoryEntry {
  return {
    role: turn.role,
    content: turn.content,
    ...(turn.citations ? { citations: turn.citations } : {}),
    ...(turn.sources ? { sources: turn.sources } : {}),
    ...(turn.scope ? { scope: turn.scope } : {}),
    ...(turn.eli5 ? { eli5: true } : {}),
    ...(turn.notice ? { notice: turn.notice } : {}),
    ...(turn.stopped ? { stopped: true } : {}),
  };
}
