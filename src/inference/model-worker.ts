/**
 * Entry of the model worker thread (started by ModelWorkerClient through model-worker-bootstrap.mjs).
 * onnxruntime blocks the thread it computes on, so all model work happens here, one request at a
 * time, while the main thread keeps serving. Requests come from the client only; each gets exactly
 * one response, except cancelled ones, which get none.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { env } from '@huggingface/transformers';
import { z } from 'zod';
import { AbortedError, ModelUnavailableError } from '../errors/index.js';
import { configureModelSource, type ModelSource } from './configure-model-source.js';
import type { InferenceSettings } from '../config/index.js';
import { DEFAULT_INFERENCE_SETTINGS } from './inference-settings.js';
import { ModelRunner } from './model-runner.js';
import type { ModelWorkerFailure, ModelWorkerRequest, ModelWorkerResponse } from './model-worker-protocol.js';

const dtypeSchema = z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']);
const referenceFields = { id: z.number().int(), kind: z.enum(['embedder', 'cross-encoder']), modelId: z.string().min(1), dtype: dtypeSchema };
const incomingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), ...referenceFields }),
  z.object({ type: z.literal('unload'), ...referenceFields }),
  z.object({ type: z.literal('embed'), id: z.number().int(), modelId: z.string().min(1), dtype: dtypeSchema, texts: z.array(z.string()) }),
  z.object({
    type: z.literal('score-pairs'),
    id: z.number().int(),
    modelId: z.string().min(1),
    dtype: dtypeSchema,
    query: z.string(),
    passages: z.array(z.string()),
  }),
  z.object({ type: z.literal('cancel'), id: z.number().int() }),
]);

const sourceSchema = z.object({
  modelsDirectory: z.string().optional(),
  directory: z.string(),
  offline: z.boolean(),
  remoteTimeoutMs: z.number().positive(),
  remoteHost: z.string(),
});

if (!parentPort) throw new Error('model-worker.ts must run in a worker thread (use ModelWorkerClient)');
const port = parentPort;
const inferenceSchema = z.object({
  intraOpThreads: z.number().int().positive().optional(),
  spinning: z.boolean(),
  maxQueryTokens: z.number().int().positive(),
  maxPairTokens: z.number().int().positive(),
});

const data = workerData as { source?: unknown; inference?: unknown } | null;
const source: ModelSource = { modelsDirectory: undefined, ...sourceSchema.parse(data?.source) };
const parsedInference = inferenceSchema.parse(data?.inference ?? DEFAULT_INFERENCE_SETTINGS);
const inference: InferenceSettings = { ...parsedInference, intraOpThreads: parsedInference.intraOpThreads };
configureModelSource(env, source);
const runner = new ModelRunner(source, inference);

const queue: ModelWorkerRequest[] = [];
const cancelledWhileRunning = new Set<number>();
let runningId: number | undefined;
let draining = false;

function toFailure(error: unknown, modelId: string): ModelWorkerFailure {
  if (error instanceof ModelUnavailableError) return { kind: 'model-unavailable', modelId: error.modelId, message: error.message };
  if (error instanceof AbortedError) return { kind: 'aborted', modelId, message: error.message };
  return { kind: 'failed', modelId, message: error instanceof Error ? error.message : String(error) };
}

async function run(request: ModelWorkerRequest): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  const isCancelled = () => cancelledWhileRunning.has(request.id);
  switch (request.type) {
    case 'load':
      return { result: { loadMs: await runner.load(request) }, transfer: [] };
    case 'unload':
      return { result: { unloaded: await runner.unload(request) }, transfer: [] };
    case 'embed': {
      const result = await runner.embed(request.modelId, request.dtype, request.texts, isCancelled);
      return { result, transfer: [result.vectors.buffer as ArrayBuffer] };
    }
    case 'score-pairs':
      return { result: { scores: await runner.scorePairs(request.modelId, request.dtype, request.query, request.passages, isCancelled) }, transfer: [] };
  }
}

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    for (;;) {
      // A macrotask turn first, so that cancel messages posted meanwhile are seen before the next request starts.
      await new Promise((resolve) => setImmediate(resolve));
      const request = queue.shift();
      if (!request) return;
      runningId = request.id;
      let response: ModelWorkerResponse;
      let transfer: ArrayBuffer[] = [];
      try {
        const outcome = await run(request);
        response = { type: 'response', id: request.id, ok: true, result: outcome.result };
        transfer = outcome.transfer;
      } catch (error) {
        response = { type: 'response', id: request.id, ok: false, error: toFailure(error, request.modelId) };
      }
      runningId = undefined;
      const cancelled = cancelledWhileRunning.delete(request.id);
      if (!cancelled) port.postMessage(response, transfer);
    }
  } finally {
    draining = false;
  }
}

port.on('message', (message: unknown) => {
  const parsed = incomingSchema.safeParse(message);
  if (!parsed.success) {
    const id = (message as { id?: unknown } | null)?.id;
    const reason = `malformed request: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    if (typeof id === 'number') port.postMessage({ type: 'response', id, ok: false, error: { kind: 'failed', modelId: '', message: reason } });
    return;
  }
  const incoming = parsed.data;
  if (incoming.type === 'cancel') {
    const index = queue.findIndex((request) => request.id === incoming.id);
    if (index >= 0) queue.splice(index, 1);
    else if (runningId === incoming.id) cancelledWhileRunning.add(incoming.id);
    return;
  }
  queue.push(incoming);
  void drain();
});
