import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AbortedError, BadRequestError, NotFoundError } from '../errors/index.js';
import type { TutorRuntime } from '../runtime/index.js';
import type { Logger } from '../runtime/index.js';
import { chatRequestSchema, practiceGradeRequestSchema, searchQuerySchema } from './protocol.js';
import { topics } from '../practice/index.js';
import { withinBudget } from '../tutor/index.js';
import type { AddressLanes } from './address-lanes.js';
import { armAnswerDeadline } from './arm-answer-deadline.js';
import { toChatResponse } from './to-chat-response.js';
import { toErrorPayload } from './to-error-payload.js';
import { validateQuestion } from './validate-question.js';

const webDirectory = fileURLToPath(new URL('../web/', import.meta.url));
const modulesDirectory = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** What the HTTP routes need. */
export interface AppContext {
  runtime: TutorRuntime;
  logger: Logger;
  /** Health of the LLM, for `/healthz`. */
  llmHealth: () => { mode: 'openai' | 'extractive'; model?: string; state?: string };
  /** Extra middleware run before the routes (security headers). */
  before?: express.RequestHandler[];
  /** Checked before each search or chat with the client's address; throws RateLimitedError to refuse. */
  admitAsk?: (address: string) => void;
  /** The key a request's client is counted under (default: the socket's address). */
  addressOf?: (request: Request) => string;
  /** Where the CPU-bound part of each search or chat waits its turn among its address's requests. */
  lanes?: AddressLanes;
}

/**
 * The HTTP side: the chat page and its vendor files, `/healthz`, the question and search routes,
 * `POST /api/chat`, and one error handler that turns every failure into `{ error: { code, message } }`.
 */
export function createApp(context: AppContext): express.Express {
  const { runtime, logger } = context;
  const addressOf = context.addressOf ?? ((request: Request) => request.socket.remoteAddress ?? 'unknown');
  const { tutor } = runtime;
  const app = express();
  app.disable('x-powered-by');
  for (const handler of context.before ?? []) app.use(handler);

  app.get('/healthz', (_request, response) => {
    const manifest = runtime.index.contents.manifest;
    response.json({
      status: 'ok',
      records: tutor.records.length,
      index: { dense: runtime.embedder !== undefined, lexical: true, model: runtime.embedder?.modelId ?? manifest.dense?.model ?? null },
      // Which neural models answer questions, and in which dtype; null where the lexical stage stands in.
      models: runtime.models,
      // Under load, questions the cross-encoder had no time for are reranked lexically (RERANK_WAIT_BUDGET_MS).
      rerank: { reranker: runtime.reranker.name, ...runtime.rerankBudget.counts },
      llm: context.llmHealth(),
    });
  });

  app.get('/api/questions', (_request, response) => {
    response.json(tutor.records.map((record) => ({ id: record.id, question: record.question })));
  });

  app.get('/api/questions/:id', (request, response) => {
    const id = Number(request.params['id']);
    const record = /^\d{1,4}$/u.test(request.params['id'] ?? '') ? tutor.record(id) : undefined;
    if (!record) throw new NotFoundError(`no question ${JSON.stringify(request.params['id'])}; ids run from 1 to ${tutor.records.length}`);
    response.json(record);
  });

  app.get('/api/search', async (request, response) => {
    const { q, k } = searchQuerySchema.parse(request.query);
    context.admitAsk?.(addressOf(request));
    const controller = abortOnDisconnect(request, response);
    const query = validateQuestion(q, runtime.config.limits.maxMessageCharacters);
    const search = () => tutor.search(query, k, controller.signal);
    response.json({ query, results: await (context.lanes ? context.lanes.run(addressOf(request), search, controller.signal) : search()) });
  });

  // The topics a practice round can stay within, for the page's topic picker.
  app.get('/api/practice/topics', (_request, response) => {
    response.json(topics);
  });

  app.post('/api/practice/grade', express.json({ limit: runtime.config.limits.maxPayloadBytes }), async (request, response) => {
    const body = practiceGradeRequestSchema.parse(request.body);
    if (!tutor.record(body.recordId)) throw new NotFoundError(`no question ${body.recordId}; ids run from 1 to ${tutor.records.length}`);
    if (!runtime.grader.canGrade(body.recordId)) throw new NotFoundError(`question ${body.recordId} has no key points to grade against (KEY_POINTS_PATH)`);
    const answer = validateQuestion(body.answer, runtime.config.limits.maxMessageCharacters);
    context.admitAsk?.(addressOf(request));
    const controller = abortOnDisconnect(request, response);
    response.json(await runtime.grader.grade({ recordId: body.recordId, answer, ...(body.language ? { language: body.language } : {}) }, controller.signal));
  });

  app.post('/api/chat', express.json({ limit: runtime.config.limits.maxPayloadBytes }), async (request, response) => {
    const body = chatRequestSchema.parse(request.body);
    const last = body.messages.at(-1);
    if (last?.role !== 'user') throw new BadRequestError('the last message must be the user\'s', { field: 'messages' });
    const text = validateQuestion(last.content, runtime.config.limits.maxMessageCharacters);
    context.admitAsk?.(addressOf(request));
    const history = withinBudget(body.messages.slice(0, -1), runtime.historyBudget);
    const receivedAt = performance.now();
    const controller = abortOnDisconnect(request, response);
    const disarmDeadline = armAnswerDeadline(controller, runtime.config.limits.answerTimeoutMs);
    try {
      const parts = tutor.ask({ text, mode: body.mode ?? 'normal', history, signal: controller.signal, receivedAt });
      response.json(await toChatResponse(context.lanes ? context.lanes.firstPartInLane(addressOf(request), parts, controller.signal) : parts));
    } catch (error) {
      // As on the websocket: a stopped answer reports why it was stopped (TIMEOUT), not how the tutor noticed.
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      disarmDeadline();
    }
  });

  app.get('/', (_request, response) => response.sendFile(path.join(webDirectory, 'index.html')));
  app.use('/app', express.static(webDirectory, { index: false, fallthrough: true }));
  app.get('/vendor/marked.esm.js', (_request, response) => response.sendFile(path.join(modulesDirectory, 'marked/lib/marked.esm.js')));
  app.get('/vendor/purify.es.mjs', (_request, response) => response.sendFile(path.join(modulesDirectory, 'dompurify/dist/purify.es.mjs')));
  app.use('/vendor/katex', express.static(path.join(modulesDirectory, 'katex/dist'), { index: false }));

  app.use((request, _response, next) => next(new NotFoundError(`no route ${request.method} ${request.path}`)));
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const payload = toErrorPayload(error);
    if (payload.code === 'INTERNAL') logger.error({ event: 'http.error', error: (error as Error)?.stack }, 'internal error');
    if (payload.retryAfterMs !== undefined) response.setHeader('Retry-After', String(Math.ceil(payload.retryAfterMs / 1000)));
    if (response.headersSent) return;
    response.status(payload.status).json({ error: { code: payload.code, message: payload.message } });
  });
  return app;
}

/** An AbortController that fires when the client goes away before the answer is sent. */
function abortOnDisconnect(request: Request, response: Response): AbortController {
  const controller = new AbortController();
  const abort = () => controller.abort(new AbortedError('the client disconnected'));
  response.on('close', () => {
    if (!response.writableFinished) abort();
  });
  request.on('aborted', abort);
  return controller;
}
