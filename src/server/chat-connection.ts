import type { RawData, WebSocket } from 'ws';
import type { LimitsConfig } from '../config/index.js';
import { AbortedError, BadRequestError, BusyError, NotFoundError, TutorError } from '../errors/index.js';
import type { Logger } from '../runtime/index.js';
import { AnswerCollector, type ConversationTurn, type Tutor } from '../tutor/index.js';
import { clientMessageSchema, type AskMessage, type HistoryEntry, type ServerMessage } from './protocol.js';
import type { Session, SessionStore } from './session-store.js';
import { toErrorPayload } from './to-error-payload.js';
import { validateQuestion } from './validate-question.js';

/** What a connection needs from the server. */
export interface ChatConnectionContext {
  tutor: Tutor;
  sessions: SessionStore;
  limits: LimitsConfig;
  logger: Logger;
  llm: { mode: 'openai' | 'extractive'; model?: string };
  /** Checked before each ask (rate limits); throws a TutorError to refuse. */
  admitAsk?: () => void;
  /** Bytes queued for a client beyond which it counts as not reading, and its answer is ended. */
  maxBufferedBytes?: number;
}

const defaultMaxBufferedBytes = 1024 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a text frame, refusing invalid UTF-8 with a clear error instead of closing the connection. */
function decodeUtf8(data: RawData): string {
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new BadRequestError('the message is not valid UTF-8');
  }
}

/**
 * One websocket connection: one chat session (new or resumed), its messages validated, one answer in
 * flight at a time (a second ask is refused with BUSY, not queued, so a learner never waits on an
 * answer they cannot see), `cancel` and `reset`, and every answer aborted when the socket closes.
 */
export class ChatConnection {
  private readonly socket: WebSocket;
  private readonly context: ChatConnectionContext;
  readonly session: Session;
  private closed = false;

  constructor(socket: WebSocket, session: Session, context: ChatConnectionContext) {
    this.socket = socket;
    this.session = session;
    this.context = context;
    session.connections += 1;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.onClose());
    this.sendReady();
  }

  /** `ready` for the session as it stands: its id and every turn, with what the page needs to redraw it. */
  private sendReady(): void {
    this.send({
      type: 'ready',
      session: this.session.id,
      llm: this.context.llm,
      records: this.context.tutor.records.length,
      history: this.session.history.map((turn) => toHistoryEntry(turn)),
    });
  }

  private receive(data: RawData, isBinary: boolean): void {
    let message;
    try {
      if (isBinary) throw new BadRequestError('binary frames are not accepted; send JSON text');
      const text = decodeUtf8(data);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new BadRequestError('the message is not valid JSON');
      }
      const parsed = clientMessageSchema.safeParse(json);
      if (!parsed.success) {
        const id = (json as { id?: unknown } | null)?.id;
        this.sendError(parsed.error, typeof id === 'string' || typeof id === 'number' ? id : undefined);
        return;
      }
      message = parsed.data;
    } catch (error) {
      this.sendError(error);
      return;
    }
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
    }
  }

  private cancel(id: string | number): void {
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
      this.context.admitAsk?.();
    } catch (error) {
      this.sendError(error, message.id);
      return;
    }
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new TutorError('TIMEOUT', `the answer took longer than ${limits.answerTimeoutMs} ms`)), limits.answerTimeoutMs);
    this.session.activeAnswer = { id: message.id, controller };
    // After a reset the session holds a new history array: this answer then belongs to the old chat.
    const sessionHistory = this.session.history;
    const history = [...sessionHistory];
    const collector = new AnswerCollector();
    const started = performance.now();
    try {
      for await (const part of tutor.ask({ text, mode: message.mode ?? 'normal', history, signal: controller.signal })) {
        collector.push(part);
        if (part.type === 'sources') {
          this.send({ type: 'sources', id: message.id, rewrittenQuery: part.rewrittenQuery, sources: part.sources });
        } else if (part.type === 'token') {
          this.send({ type: 'token', id: message.id, text: part.text });
          this.checkReader(controller);
        } else {
          if (this.session.history === sessionHistory) sessions.append(this.session, ...collector.turns(text));
          this.send({
            type: 'done',
            id: message.id,
            answer: part.answer,
            citations: part.citations,
            outOfScope: part.outOfScope,
            scope: part.scope,
            timings: part.timings,
            ...(part.notice ? { notice: part.notice } : {}),
          });
          logger.info(
            { event: 'answer.done', session: this.session.id, citations: part.citations, scope: part.scope, generator: part.generator, totalMs: Math.round(performance.now() - started) },
            'answered',
          );
        }
      }
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      // A stopped answer stays in the history as far as it got, marked stopped, so the conversation reads as it happened.
      if (this.session.history === sessionHistory) sessions.append(this.session, ...collector.turns(text));
      this.sendError(reason, message.id);
      if (!(reason instanceof TutorError)) logger.error({ event: 'answer.failed', session: this.session.id, error: (error as Error).stack }, 'answer failed');
    } finally {
      clearTimeout(timeout);
      if (this.session.activeAnswer?.controller === controller) this.session.activeAnswer = undefined;
    }
  }

  /** Ends the answer of a client that does not read what it is sent, instead of buffering without bound. */
  private checkReader(controller: AbortController): void {
    if (this.socket.bufferedAmount > (this.context.maxBufferedBytes ?? defaultMaxBufferedBytes)) {
      controller.abort(new TutorError('ABORTED', 'the client is not reading; the answer was ended'));
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.connections -= 1;
    this.session.lastActive = Date.now();
    this.session.activeAnswer?.controller.abort(new AbortedError('the client disconnected'));
  }

  private sendError(error: unknown, id?: string | number): void {
    const payload = toErrorPayload(error);
    if (payload.code === 'INTERNAL') this.context.logger.error({ event: 'socket.error', error: (error as Error)?.stack }, 'internal error');
    this.send({ type: 'error', ...(id === undefined ? {} : { id }), code: payload.code, message: payload.message, ...(payload.retryAfterMs === undefined ? {} : { retryAfterMs: payload.retryAfterMs }) });
  }

  /** Sends a message unless the socket is closing (a closed client needs nothing more). */
  send(message: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }
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
