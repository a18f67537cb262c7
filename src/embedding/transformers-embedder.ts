import type { ModelDtype } from '../config/index.js';
import { throwIfAborted, TutorError } from '../errors/index.js';
import type { ModelWorkerClient } from '../inference/index.js';
import type { CallOptions } from '../errors/index.js';
import type { Embedder } from './embedder.js';

/** Texts per worker call: long enough to batch well, short enough that a cancel takes effect soon. */
export const EMBED_BATCH_SIZE = 16;

const probeText = 'dimension probe';

/** The prefixes a model expects before queries and passages. */
export interface EmbeddingPrefixes {
  query: string;
  passage: string;
}

/**
 * E5 models (`intfloat/e5-*`, `Xenova/multilingual-e5-small`, …) were trained with "query: " and
 * "passage: " before the text and lose accuracy without them; other models get the text as is.
 * "e5" must stand as its own part of the id, so that an unrelated name containing the letters does not match.
 */
export function embeddingPrefixes(modelId: string): EmbeddingPrefixes {
  return /(^|[^a-z0-9])e5([^a-z0-9]|$)/i.test(modelId) ? { query: 'query: ', passage: 'passage: ' } : { query: '', passage: '' };
}

/** Options for TransformersEmbedder.load. */
export interface TransformersEmbedderOptions {
  client: ModelWorkerClient;
  modelId: string;
  dtype: ModelDtype;
  signal?: AbortSignal;
}

/**
 * An Embedder backed by a transformers.js feature-extraction model (mean pooling, unit length) that
 * runs in the model worker. The worker client is shared and owned by the caller; `close` only frees
 * this model in the worker.
 */
export class TransformersEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  private readonly client: ModelWorkerClient;
  private readonly dtype: ModelDtype;
  private readonly prefixes: EmbeddingPrefixes;

  private constructor(client: ModelWorkerClient, modelId: string, dtype: ModelDtype, dimensions: number) {
    this.client = client;
    this.modelId = modelId;
    this.dtype = dtype;
    this.dimensions = dimensions;
    this.prefixes = embeddingPrefixes(modelId);
  }

  /**
   * Loads the model in the worker and learns its dimensions by embedding a probe text.
   * @throws ModelUnavailableError when the model cannot be loaded; AbortedError when the signal fires.
   */
  static async load(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    const { client, modelId, dtype, signal } = options;
    const callOptions: CallOptions = signal ? { signal } : {};
    await client.loadModel({ kind: 'embedder', modelId, dtype }, callOptions);
    const [probe] = await client.embed({ modelId, dtype, texts: [probeText] }, callOptions);
    return new TransformersEmbedder(client, modelId, dtype, probe?.length ?? 0);
  }

  async embedQuery(text: string, options: CallOptions = {}): Promise<Float32Array> {
    const [vector] = await this.client.embed({ modelId: this.modelId, dtype: this.dtype, texts: [this.prefixes.query + text] }, options);
    if (!vector) throw new TutorError('INTERNAL', `model ${this.modelId} returned no vector`);
    return vector;
  }

  async embedPassages(texts: readonly string[], options: CallOptions = {}): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE) {
      throwIfAborted(options.signal);
      const batch = texts.slice(start, start + EMBED_BATCH_SIZE).map((text) => this.prefixes.passage + text);
      vectors.push(...(await this.client.embed({ modelId: this.modelId, dtype: this.dtype, texts: batch }, options)));
    }
    return vectors;
  }

  /** Frees the model in the worker; the worker itself stays up for other models. */
  async close(): Promise<void> {
    if (!this.client.running) return;
    await this.client.unloadModel({ kind: 'embedder', modelId: this.modelId, dtype: this.dtype }).catch(() => undefined);
  }
}
