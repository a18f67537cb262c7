/**
 * The server's types as the page's JSDoc uses them (`@import { … } from './protocol-types.js'`):
 * re-exported from the server's own sources, so a change there is a type error here. Types only:
 * there is no protocol-types.js, and the browser never loads this file.
 */
import type { CorpusRecord } from '../ingest/index.js';
import type { ServerMessage } from '../server/protocol.js';

export type { AskId, ClientMessage, HistoryEntry, ResumeMessage, ServerMessage } from '../server/protocol.js';
export type { TutorErrorCode } from '../errors/tutor-error.js';

export type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;
export type SourcesMessage = Extract<ServerMessage, { type: 'sources' }>;
export type TokenMessage = Extract<ServerMessage, { type: 'token' }>;
export type DoneMessage = Extract<ServerMessage, { type: 'done' }>;
export type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

/** A record offered as a source of an answer. */
export type Source = SourcesMessage['sources'][number];
/** How an answer relates to the bank: `answer`, `closest` or `out-of-scope`. */
export type Scope = DoneMessage['scope'];
/** A whole record of the bank, as `GET /api/questions/:id` answers it. */
export type BankRecord = CorpusRecord;
export type PracticeQuestionMessage = Extract<ServerMessage, { type: 'practice.question' }>;
export type PracticeGradeMessage = Extract<ServerMessage, { type: 'practice.grade' }>;
export type ProgressMessage = Extract<ServerMessage, { type: 'progress' }>;
export type { Topic } from '../practice/topics.js';
