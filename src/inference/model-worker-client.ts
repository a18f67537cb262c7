import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import type { ModelDtype } from '../config/index.js';
import type { CallOptions } from '../errors/index.js';
import { AbortedError, describeAbortReason, ModelUnavailableError, TutorError } from '../errors/index.js';
import { resolveModelSource, type ModelSource, type ModelSourceOptions } from './configure-model-source.js';
import type { InferenceSettings } from '../config/index.js';
import { DEFAULT_INFERENCE_SETTINGS } from './inference-settings.js';
import { QueueEstimate } from './queue-estimate.js';
import {
  embedResultSchema,
  loadResultSchema,
  modelWorkerResponseSchema,
  scorePairsResultSchema,
  unloadResultSchema,
  type LoadResult,
  type ModelReference,
  type ModelWorkerFailure,
  type ModelWorkerRequest,
  type ModelWorkerResponse,
} from './model-worker-protocol.js';

/** How to start the model worker and where it finds models. */
export interface ModelWorkerClientOptions extends ModelSourceOptions {
  /** Threads, spinning and the cross-encoder's query cap (default DEFAULT_INFERENCE_SETTINGS). */
  inference?: InferenceSettings;
  /** The worker's entry module; only tests replace it (with a worker that misbehaves on purpose). */
  workerEntry?: URL;
}

/** Embeds texts with a loaded (or loadable) embedding model. */
export interface EmbedTextsRequest {
  modelId: string;
  dtype: ModelDtype;
  texts: readonly string[];
}

/** Scores passages against a query with a cross-encoder. */
export interface ScorePairsRequest {
  modelId: string;
  dtype: ModelDtype;
  query: string;
  passages: readonly string[];
}

interface PendingCall {
  modelId: string;
  answer(response: ModelWorkerResponse): void;
  reject(error: Error): void;
}

type RequestWithoutId = ModelWorkerRequest extends infer Request ? (Request extends unknown ? Omit<Request, 'id'> : never) : never;

function failureToError(failure: ModelWorkerFailure): Error {
  if (failure.kind === 'model-unavailable') {
    // The worker's message already reads "model X is unavailable: …"; keep only the reason.
    const prefix = `model ${failure.modelId} is unavailable: `;
    return new ModelUnavailableError(failure.modelId, failure.message.startsWith(prefix) ? failure.message.slice(prefix.length) : failure.message);
  }
  if (failure.kind === 'aborted') return new AbortedError(failure.message);
  return new TutorError('INTERNAL', `model ${failure.modelId || '(none)'}: ${failure.message}`);
}

/**
 * Process-wide, on globalThis so that two copies of this module agree: onnxruntime-node 1.21 can be
 * loaded by one thread per process, once. A second worker fails to load it after the first has
 * closed ("Module did not self-register"), and alongside a live one it can bring the whole process down.
 */
const modelWorkerStartedKey = Symbol.for('llm-interview-tutor.model-worker-started');

/** True for the first caller in the process, false for every later one. */
function claimTheProcessModelWorker(): boolean {
  const registry = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (registry[modelWorkerStartedKey]) return false;
  registry[modelWorkerStartedKey] = true;
  return true;
}

const secondWorkerReason =
  'this process has already started a model worker, and onnxruntime-node runs in only one thread per process; ' +
  'share that ModelWorkerClient (keep it for the life of the process) instead of starting another';

/** Why the worker died, in words; one cause is common enough to deserve its own explanation. */
function describeCrash(error: Error): string {
  if (error.message.includes('did not self-register') && error.message.includes('onnxruntime')) {
    return (
      'the model worker could not load onnxruntime-node, which loads in only one thread per process: ' +
      'another model worker in this process has already used it. Keep one ModelWorkerClient for the life of the process ' +
      `instead of closing it and starting another (${error.message})`
    );
  }
  return `the model worker crashed: ${error.message}`;
}

/**
 * The main thread's handle on the model worker: one worker thread that runs every transformers.js
 * model, so onnxruntime never blocks the event loop. Each call is a request with an id and a promise;
 * the worker answers one at a time. An aborted call rejects at once with AbortedError and the worker
 * skips it if it has not started. If the worker dies, every pending and later call rejects with
 * ModelUnavailableError saying so. The worker does not keep the process alive while idle.
 *
 * Use one client per process: onnxruntime-node 1.21's native binding registers itself once per
 * process, so a second worker cannot run models (even after the first was closed). A second client
 * therefore starts no worker: its calls reject with ModelUnavailableError explaining this.
 */
export class ModelWorkerClient {
  /** Where the worker looks for models (resolved from the options). */
  readonly source: ModelSource;
  private readonly worker: Worker | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private readonly queue = new QueueEstimate();
  private nextId = 1;
  private failure: string | undefined;
  private closing: Promise<void> | undefined;
  private exited = false;

  constructor(options: ModelWorkerClientOptions = {}) {
    this.source = resolveModelSource(options);
    // A replacement entry (tests) does not load onnxruntime, so only the real worker takes the process's one slot.
    if (options.workerEntry === undefined && !claimTheProcessModelWorker()) {
      this.worker = undefined;
      this.failure = secondWorkerReason;
      this.exited = true;
      return;
    }
    const entry = options.workerEntry ?? new URL('./model-worker.ts', import.meta.url);
    // An empty execArgv: the bootstrap registers tsx itself, and flags of the parent (vitest's, tsx's) need not apply.
    this.worker = new Worker(new URL('./model-worker-bootstrap.mjs', import.meta.url), {
      workerData: { entry: entry.href, source: this.source, inference: options.inference ?? DEFAULT_INFERENCE_SETTINGS },
      execArgv: [],
    });
    this.worker.unref();
    this.worker.on('message', (message: unknown) => this.receive(message));
    this.worker.on('messageerror', (error) => this.fail(`the model worker sent an unreadable message (${error.message})`));
    this.worker.on('error', (error) => this.fail(describeCrash(error)));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) this.fail(`the model worker exited unexpectedly (exit code ${code})`);
    });
  }

  /** Milliseconds of model work queued ahead of a new request (see QueueEstimate). */
  get estimatedWaitMs(): number {
    return this.queue.waitMs();
  }

  /** False once the worker thread has ended (closed or crashed). */
  get running(): boolean {
    return !this.exited;
  }

  /** Loads a model in the worker (a no-op when it is loaded). @throws ModelUnavailableError naming the model and how to provide it. */
  async loadModel(reference: ModelReference, options: CallOptions = {}): Promise<LoadResult> {
    return this.call({ type: 'load', ...reference }, loadResultSchema, reference.modelId, options);
  }

  /** Frees a model's memory in the worker; resolves to whether it was loaded. */
  async unloadModel(reference: ModelReference, options: CallOptions = {}): Promise<boolean> {
    const { unloaded } = await this.call({ type: 'unload', ...reference }, unloadResultSchema, reference.modelId, options);
    return unloaded;
  }

  /** Unit-length, mean-pooled embeddings of the texts as given, in input order. */
  async embed(request: EmbedTextsRequest, options: CallOptions = {}): Promise<Float32Array[]> {
    if (request.texts.length === 0) return this.resolveEmpty(request.modelId, options);
    const message = { type: 'embed' as const, modelId: request.modelId, dtype: request.dtype, texts: [...request.texts] };
    const { vectors, count, dimensions } = await this.call(message, embedResultSchema, request.modelId, options);
    if (count !== request.texts.length || vectors.length !== count * dimensions || dimensions === 0) {
      throw new TutorError('INTERNAL', `model ${request.modelId}: the worker returned ${count}×${dimensions} floats for ${request.texts.length} texts`);
    }
    return Array.from({ length: count }, (_, index) => vectors.slice(index * dimensions, (index + 1) * dimensions));
  }

  /** The cross-encoder's probability (0–1) that each passage answers the query, in passage order. */
  async scorePairs(request: ScorePairsRequest, options: CallOptions = {}): Promise<number[]> {
    if (request.passages.length === 0) return this.resolveEmpty(request.modelId, options);
    const message = { type: 'score-pairs' as const, modelId: request.modelId, dtype: request.dtype, query: request.query, passages: [...request.passages] };
    const { scores } = await this.call(message, scorePairsResultSchema, request.modelId, options);
    if (scores.length !== request.passages.length) {
      throw new TutorError('INTERNAL', `model ${request.modelId}: the worker returned ${scores.length} scores for ${request.passages.length} passages`);
    }
    return scores;
  }

  /** Ends the worker thread; pending calls reject with AbortedError. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.rejectAll(() => new AbortedError('the model worker was closed'));
      await this.worker?.terminate();
    })();
    return this.closing;
  }

  private async resolveEmpty(modelId: string, options: CallOptions): Promise<never[]> {
    this.throwIfUnusable(modelId, options.signal);
    return [];
  }

  private throwIfUnusable(modelId: string, signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new AbortedError(describeAbortReason(signal.reason), { cause: signal.reason });
    if (this.closing) throw new AbortedError('the model worker is closed');
    if (this.failure !== undefined) throw new ModelUnavailableError(modelId, this.failure);
  }

  private call<Result>(message: RequestWithoutId, schema: z.ZodType<Result, z.ZodTypeDef, unknown>, modelId: string, options: CallOptions): Promise<Result> {
    const { signal } = options;
    this.throwIfUnusable(modelId, signal);
    const worker = this.worker;
    if (!worker) throw new ModelUnavailableError(modelId, this.failure ?? 'there is no model worker');
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      const onAbort = () => {
        this.forget(id);
        worker.postMessage({ type: 'cancel', id });
        reject(new AbortedError(describeAbortReason(signal?.reason), { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (outcome: () => void) => {
        signal?.removeEventListener('abort', onAbort);
        this.forget(id);
        outcome();
      };
      this.pending.set(id, {
        modelId,
        reject: (error) => settle(() => reject(error)),
        answer: (response) =>
          settle(() => {
            if (!response.ok) return reject(failureToError(response.error));
            const parsed = schema.safeParse(response.result);
            if (parsed.success) return resolve(parsed.data);
            reject(new TutorError('INTERNAL', `model ${modelId}: the worker sent a malformed ${message.type} result (${parsed.error.issues[0]?.message ?? 'invalid'})`));
          }),
      });
      if (this.pending.size === 1) worker.ref();
      const units = message.type === 'embed' ? message.texts.length : message.type === 'score-pairs' ? message.passages.length : 0;
      this.queue.enqueue(id, message.type, units, performance.now());
      worker.postMessage({ ...message, id });
    });
  }

  private forget(id: number): void {
    // An aborted call may still run in the worker; counting it as done at once keeps the estimate from growing stale.
    this.queue.drop(id);
    if (this.pending.delete(id) && this.pending.size === 0 && !this.exited) this.worker?.unref();
  }

  private receive(message: unknown): void {
    const parsed = modelWorkerResponseSchema.safeParse(message);
    if (!parsed.success) {
      this.fail(`the model worker broke the protocol (${parsed.error.issues[0]?.message ?? 'invalid message'})`);
      return;
    }
    this.queue.complete(parsed.data.id, performance.now());
    // A response to a call that was aborted meanwhile has nobody waiting for it.
    this.pending.get(parsed.data.id)?.answer(parsed.data);
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    const failure = this.failure;
    this.rejectAll((modelId) => new ModelUnavailableError(modelId, failure));
    if (!this.exited) void this.worker?.terminate();
  }

  private rejectAll(errorFor: (modelId: string) => Error): void {
    for (const call of [...this.pending.values()]) call.reject(errorFor(call.modelId));
  }
}
