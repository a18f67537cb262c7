import type { RawData, WebSocket } from 'ws';
import type { LimitsConfig } from '../config/index.js';
import { AbortedError, BadRequestError, BusyError, NotFoundError, RateLimitedError, ResumedElsewhereError, TutorError } from '../errors/index.js';
import type { Logger } from '../runtime/index.js';
import type { AddressLanes } from './address-lanes.js';
import { AnswerCollector, type ConversationTurn, type Tutor } from '../tutor/index.js';
import { armAnswerDeadline } from './arm-answer-deadline.js';
import { parseClientFrame } from './parse-client-frame.js';
import { handlePracticeMessage } from './handle-practice-message.js';
import type { PracticeCoach } from '../practice/index.js';
import type { AskId, AskMessage, PracticeMessage, ResumeMessage, ServerMessage } from './protocol.js';
import type { Session, SessionHolder, SessionStore } from './session-store.js';
import { sessionTag } from './session-tag.js';
import { toAnswerMessage } from './to-answer-message.js';
import { toErrorMessage } from './to-error-message.js';
import { toReadyMessage } from './to-ready-message.js';
import { TokenBucket } from './token-bucket.js';
import { validateQuestion } from './validate-question.js';

/** What a connection needs from the server. */
export interface ChatConnectionContext {
  tutor: Tutor;
  sessions: SessionStore;
  limits: LimitsConfig;
  logger: Logger;
  llm: { mode: 'openai' | 'extractive'; model?: string };
  /** The client's address bucket (see addressBucket), which owns the sessions it creates. */
  owner: string;
  /** Where the CPU-bound part of each ask waits its turn among this address's asks. */
  lanes?: AddressLanes;
  /** The mock interviewer, when practice is served. */
  coach?: PracticeCoach;
  /** Checked before each ask with the client's address bucket (`owner`); throws a TutorError to refuse. */
  admitAsk?: (address: string) => void;
}

/** Close code for a connection whose session was resumed by another connection. */
export const RESUMED_ELSEWHERE_CLOSE_CODE = 4000;
/** How long a connection that is being closed for misbehaving keeps its socket before it is cut off. */
export const CLOSE_GRACE_MS = 1000;

/** The answer a connection is writing, and whether its turns are in the history yet. */
interface AnswerInFlight {
  controller: AbortController;
  collector: AnswerCollector;
  question: string;
  session: Session;
  /** The history array the answer started with; after a reset the session holds another one. */
  history: ConversationTurn[];
  recorded: boolean;
}

/**
 * One websocket connection: a draft session that is stored at the first ask, or an earlier one resumed
 * with its token; messages validated; one answer in flight at a time (a second ask is refused with BUSY,
 * not queued); `cancel`, `reset` and `resume`. Every frame costs a token; invalid or excess frames are
 * answered and counted, and too many close the connection with 1008. A client that stops reading is
 * cut off before its unread data grows past the limit. Closing aborts this connection's answer.
 */
export class ChatConnection implements SessionHolder {
  private readonly socket: WebSocket;
  private readonly context: ChatConnectionContext;
  private readonly frames: TokenBucket;
  private currentSession: Session;
  private resumeToken: string;
  private violations = 0;
  private failedResumes = 0;
  private asked = false;
  private closing = false;
  private closed = false;
  private answer: AnswerInFlight | undefined;
  /** The practice answer being graded (one at a time, like asks), and how to stop it. */
  private grading: AbortController | undefined;
  private cutOff: ReturnType<typeof setTimeout> | undefined;

  constructor(socket: WebSocket, context: ChatConnectionContext) {
    this.socket = socket;
    this.context = context;
    this.frames = new TokenBucket(context.limits.framesPerSecond, context.limits.frameBurst);
    const { session, token } = context.sessions.draft(context.owner, this);
    this.currentSession = session;
    this.resumeToken = token;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.onClose());
    this.sendReady();
  }

  /** The session this connection speaks for. */
  get session(): Session {
    return this.currentSession;
  }

  /** Whether an answer of this connection is being written. */
  get answering(): boolean {
    return this.answer !== undefined || this.grading !== undefined;
  }

  /**
   * Another connection resumed this session: this one says so, stops its answer and closes. The
   * stopped answer goes into the history now, before the new holder's `ready` is built, so both
   * the new page and the LLM see the conversation as it happened.
   */
  takeOver(): void {
    const answer = this.answer;
    if (answer) {
      this.record(answer);
      if (answer.session.activeAnswer?.controller === answer.controller) answer.session.activeAnswer = undefined;
      answer.controller.abort(new AbortedError('the conversation was continued in another window'));
    }
    // A practice answer being graded goes too: the session's new holder answers from now on.
    this.grading?.abort(new AbortedError('the conversation was continued in another window'));
    this.sendError(new ResumedElsewhereError());
    this.closing = true;
    this.context.logger.info({ event: 'ws.taken_over', session: sessionTag(this.session.id) }, 'session resumed elsewhere');
    this.socket.close(RESUMED_ELSEWHERE_CLOSE_CODE, 'resumed elsewhere');
  }

  /** `ready` for the session as it stands. */
  private sendReady(): void {
    this.send(toReadyMessage({ session: this.session, resumeToken: this.resumeToken, llm: this.context.llm, records: this.context.tutor.records.length }));
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (!this.frames.take()) {
      this.violation(new RateLimitedError('too many messages on this connection', this.frames.retryAfterMs));
      return;
    }
    const frame = parseClientFrame(data, isBinary);
    if (!frame.ok) {
      this.violation(frame.error, frame.id);
      return;
    }
    const message = frame.message;
    switch (message.type) {
      case 'ask':
        void this.ask(message);
        break;
      case 'cancel':
        this.cancel(message.id);
        break;
      case 'reset':
        this.session.activeAnswer?.controller.abort(new AbortedError('the chat was reset'));
        this.context.sessions.reset(this.session);
        this.sendReady();
        break;
      case 'resume':
        this.resume(message);
        break;
      case 'practice.next':
      case 'practice.answer':
      case 'progress':
      case 'practice.forget':
      case 'learner':
        void this.practise(message);
        break;
    }
  }

  private async practise(message: PracticeMessage): Promise<void> {
    const { coach } = this.context;
    const session = this.session;
    const grading = message.type === 'practice.answer' ? new AbortController() : undefined;
    try {
      if (!coach) throw new NotFoundError('practice is not available on this server');
      if (grading) {
        // One answer graded at a time: a second one (a double submit) would schedule the record twice.
        if (this.grading) throw new BusyError(message.id);
        this.grading = grading;
      }
      // Like an ask: from here on the connection is in a conversation and cannot switch to another by resuming.
      this.asked = true;
      await handlePracticeMessage(message, { ...this.context, coach, session, ...(grading ? { signal: grading.signal } : {}) }, (reply) => this.send(reply));
    } catch (error) {
      // A wrong learner token counts like a wrong resume token: a second one on a connection is misbehaviour.
      if (message.type === 'learner' && error instanceof NotFoundError && ++this.failedResumes > 1) this.violation(error, message.id);
      else this.sendError(error, message.id);
    } finally {
      if (grading && this.grading === grading) this.grading = undefined;
    }
  }

  /** Answers a frame that breaks the protocol or the frame budget, and closes the connection after too many. */
  private violation(error: unknown, id?: AskId): void {
    this.violations += 1;
    if (this.violations >= this.context.limits.maxProtocolErrors) {
      this.closeForMisbehaving(`${this.violations} invalid or excess messages`);
      return;
    }
    this.sendError(error, id);
  }

  private closeForMisbehaving(reason: string): void {
    this.closing = true;
    this.context.logger.warn({ event: 'ws.closed_for_abuse', session: sessionTag(this.session.id), reason }, 'connection closed for misbehaving');
    this.socket.close(1008, reason);
    // Nothing more is read from it; a client that does not answer the close is cut off.
    this.socket.pause();
    this.cutOff = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
  }

  private resume(message: ResumeMessage): void {
    if (this.asked) {
      this.sendError(new BadRequestError('resume must come before the first ask on a connection', { field: 'type' }));
      return;
    }
    if (message.session === this.session.id) {
      this.sendReady();
      return;
    }
    try {
      const previous = this.session;
      const resumed = this.context.sessions.resume(message.session, message.token, this.context.owner, this);
      this.context.sessions.release(previous, this);
      this.currentSession = resumed.session;
      this.resumeToken = resumed.token;
    } catch (error) {
      // A stale token is normal once (the server restarted, the session expired); guessing again
      // counts like any invalid frame, so guessing costs the connection.
      this.failedResumes += 1;
      if (error instanceof NotFoundError && this.failedResumes > 1) this.violation(error);
      else this.sendError(error);
      return;
    }
    this.context.logger.info({ event: 'ws.resumed', session: sessionTag(this.session.id), turns: this.session.history.length }, 'session resumed');
    this.sendReady();
  }

  private cancel(id: AskId): void {
    const active = this.session.activeAnswer;
    if (!active || active.id !== id) {
      this.sendError(new NotFoundError(`no answer in flight with id ${JSON.stringify(id)}`), id);
      return;
    }
    active.controller.abort(new AbortedError('the answer was cancelled'));
  }

  private async ask(message: AskMessage): Promise<void> {
    const { limits, tutor, sessions, logger } = this.context;
    let text: string;
    try {
      text = validateQuestion(message.text, limits.maxMessageCharacters);
      if (this.session.activeAnswer) throw new BusyError(this.session.activeAnswer.id);
      this.context.admitAsk?.(this.context.owner);
      sessions.keep(this.session);
    } catch (error) {
      this.sendError(error, message.id);
      return;
    }
    this.asked = true;
    const session = this.session;
    const controller = new AbortController();
    // After a reset the session holds a new history array: this answer then belongs to the old chat.
    const answer: AnswerInFlight = { controller, collector: new AnswerCollector(), question: text, session, history: session.history, recorded: false };
    this.answer = answer;
    const disarmDeadline = armAnswerDeadline(controller, limits.answerTimeoutMs);
    session.activeAnswer = { id: message.id, controller };
    const history = [...session.history];
    const started = performance.now();
    try {
      const parts = tutor.ask({ text, mode: message.mode ?? 'normal', history, signal: controller.signal, receivedAt: started });
      for await (const part of this.context.lanes ? this.context.lanes.firstPartInLane(this.context.owner, parts, controller.signal) : parts) {
        answer.collector.push(part);
        // Recorded before `done` goes out: once the page has the answer, the session history holds it.
        if (part.type === 'done') this.record(answer);
        this.send(toAnswerMessage(message.id, part));
        if (part.type === 'done') {
          logger.info(
            { event: 'answer.done', session: sessionTag(session.id), citations: part.citations, scope: part.scope, generator: part.generator, totalMs: Math.round(performance.now() - started) },
            'answered',
          );
        }
      }
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      // A stopped answer stays in the history as far as it got, marked stopped, so the conversation reads as it happened.
      this.record(answer);
      this.sendError(reason, message.id);
      if (!(reason instanceof TutorError)) logger.error({ event: 'answer.failed', session: sessionTag(session.id), error: (error as Error).stack }, 'answer failed');
    } finally {
      disarmDeadline();
      if (session.activeAnswer?.controller === controller) session.activeAnswer = undefined;
      if (this.answer === answer) this.answer = undefined;
    }
  }

  /** Puts an answer's turns (whole, or as far as it got) into its session's history, once. */
  private record(answer: AnswerInFlight): void {
    if (answer.recorded) return;
    answer.recorded = true;
    if (answer.session.history === answer.history) this.context.sessions.append(answer.session, ...answer.collector.turns(answer.question));
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    clearTimeout(this.cutOff);
    this.context.sessions.release(this.session, this);
    this.answer?.controller.abort(new AbortedError('the client disconnected'));
    this.grading?.abort(new AbortedError('the client disconnected'));
  }

  private sendError(error: unknown, id?: AskId): void {
    const message = toErrorMessage(error, id);
    if (message.code === 'INTERNAL') this.context.logger.error({ event: 'socket.error', error: (error as Error)?.stack }, 'internal error');
    this.send(message);
  }

  /**
   * Sends a message unless the socket is closing. A client with more unread data than allowed does not
   * read: it is cut off (its answer aborted) instead of being buffered for without bound.
   */
  send(message: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.context.limits.maxBufferedBytes) {
      this.context.logger.warn({ event: 'ws.not_reading', session: sessionTag(this.session.id), bufferedBytes: this.socket.bufferedAmount }, 'client not reading; connection cut off');
      this.closing = true;
      this.answer?.controller.abort(new TutorError('ABORTED', 'the client is not reading; the answer was ended'));
      this.socket.terminate();
      return;
    }
    this.socket.send(JSON.stringify(message));
  }
}
