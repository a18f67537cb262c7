import { z } from 'zod';
import type { ModelDtype } from '../config/index.js';

/** The two kinds of model the worker runs: a feature extractor and a cross-encoder (sequence classifier with one label). */
export type ModelKind = 'embedder' | 'cross-encoder';

/** Names one loaded model inside the worker. */
export interface ModelReference {
  kind: ModelKind;
  modelId: string;
  dtype: ModelDtype;
}

/** Loads a model (or finds it loaded) so that later calls do not pay for it. */
export interface LoadModelRequest extends ModelReference {
  type: 'load';
  id: number;
}

/** Drops a loaded model and frees its session. */
export interface UnloadModelRequest extends ModelReference {
  type: 'unload';
  id: number;
}

/** Mean-pooled, unit-length embeddings of texts, exactly as given (prefixes are the caller's business). */
export interface EmbedRequest {
  type: 'embed';
  id: number;
  modelId: string;
  dtype: ModelDtype;
  texts: string[];
}

/** Cross-encoder relevance of each passage to the query. */
export interface ScorePairsRequest {
  type: 'score-pairs';
  id: number;
  modelId: string;
  dtype: ModelDtype;
  query: string;
  passages: string[];
}

/** Tells the worker to skip a request that has not started; it answers nothing. */
export interface CancelMessage {
  type: 'cancel';
  id: number;
}

/** A request the worker answers with exactly one response carrying the same id. */
export type ModelWorkerRequest = LoadModelRequest | UnloadModelRequest | EmbedRequest | ScorePairsRequest;

/** Anything the main thread posts to the worker. */
export type MessageToModelWorker = ModelWorkerRequest | CancelMessage;

/** Why a request failed, in a form that survives structured cloning. */
export const modelWorkerFailureSchema = z.object({
  kind: z.enum(['model-unavailable', 'aborted', 'failed']),
  modelId: z.string(),
  message: z.string(),
});

/** A failure as the worker reports it. */
export type ModelWorkerFailure = z.infer<typeof modelWorkerFailureSchema>;

/** Every message from the worker: the answer to one request. `result` is checked against the request's own schema. */
export const modelWorkerResponseSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: modelWorkerFailureSchema }),
]);

/** A message from the worker after validation. */
export type ModelWorkerResponse = z.infer<typeof modelWorkerResponseSchema>;

/** Result of `load`: how long loading took in the worker (0 when it was loaded already). */
export const loadResultSchema = z.object({ loadMs: z.number().nonnegative() });

/** Result of `unload`: whether the model was loaded. */
export const unloadResultSchema = z.object({ unloaded: z.boolean() });

/** Result of `embed`: `count` vectors of `dimensions` floats, back to back (one transferable buffer). */
export const embedResultSchema = z.object({
  vectors: z.instanceof(Float32Array),
  count: z.number().int().nonnegative(),
  dimensions: z.number().int().nonnegative(),
});

/** Result of `score-pairs`: one probability in [0, 1] per passage, in input order. */
export const scorePairsResultSchema = z.object({ scores: z.array(z.number().min(0).max(1)) });

/** What `load` resolves to. */
export type LoadResult = z.infer<typeof loadResultSchema>;
/** What `unload` resolves to. */
export type UnloadResult = z.infer<typeof unloadResultSchema>;
/** What `embed` resolves to, before the client splits it into vectors. */
export type EmbedResult = z.infer<typeof embedResultSchema>;
/** What `score-pairs` resolves to. */
export type ScorePairsResult = z.infer<typeof scorePairsResultSchema>;
