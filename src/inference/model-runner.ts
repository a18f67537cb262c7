import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  pipeline,
  type FeatureExtractionPipeline,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { modelFileFor, type ModelDtype } from '../config/index.js';
import { AbortedError, ModelUnavailableError } from '../errors/index.js';
import type { ModelSource } from './configure-model-source.js';
import type { InferenceSettings } from '../config/index.js';
import { toSessionOptions } from './inference-settings.js';
import { explainModelLoadFailure } from './explain-model-load-failure.js';
import type { EmbedResult, ModelKind, ModelReference } from './model-worker-protocol.js';

/** Texts per forward pass: bounds padding waste and memory, and gives cancellation a place to act. */
const SUB_BATCH_SIZE = 16;
/** Cross-encoder pairs per forward pass, sorted by length (see scorePairs). */
const PAIR_BATCH_SIZE = 4;

interface CrossEncoder {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

type LoadedModel = { kind: 'embedder'; extractor: FeatureExtractionPipeline } | { kind: 'cross-encoder'; crossEncoder: CrossEncoder };

type SessionOptions = ReturnType<typeof toSessionOptions>;

/** `pipeline` narrowed to the one task used here: its full overloaded type is too complex for tsc (TS2590). */
const loadFeatureExtraction = pipeline as (
  task: 'feature-extraction',
  modelId: string,
  options: { dtype: ModelDtype; model_file_name?: string; session_options: SessionOptions },
) => Promise<FeatureExtractionPipeline>;

/** Says whether the request being run has been cancelled; checked between forward passes. */
export type CancellationCheck = () => boolean;

function keyOf(reference: ModelReference): string {
  return `${reference.kind}\u0000${reference.modelId}\u0000${reference.dtype}`;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function throwIfCancelled(isCancelled: CancellationCheck): void {
  if (isCancelled()) throw new AbortedError('the request was cancelled');
}

/** Probability that a passage is relevant, from one row of logits: sigmoid for one label, softmax of label 1 for two. */
function relevanceProbability(row: readonly number[]): number {
  if (row.length === 1) return 1 / (1 + Math.exp(-(row[0] ?? 0)));
  if (row.length === 2) return 1 / (1 + Math.exp((row[0] ?? 0) - (row[1] ?? 0)));
  throw new Error(`a cross-encoder needs one or two labels, this one has ${row.length}`);
}

/**
 * Loads transformers.js models and runs them. Lives in the model worker thread: every method blocks
 * the thread it runs on while onnxruntime computes.
 */
export class ModelRunner {
  private readonly source: ModelSource;
  private readonly settings: InferenceSettings;
  private readonly sessionOptions: SessionOptions;
  private readonly models = new Map<string, Promise<LoadedModel>>();

  constructor(source: ModelSource, settings: InferenceSettings) {
    this.source = source;
    this.settings = settings;
    this.sessionOptions = toSessionOptions(settings);
  }

  /** Loads a model unless it is loaded; returns how long loading took. @throws ModelUnavailableError */
  async load(reference: ModelReference): Promise<number> {
    const key = keyOf(reference);
    const existing = this.models.get(key);
    if (existing) {
      await existing;
      return 0;
    }
    const started = performance.now();
    const loading = this.loadFresh(reference);
    this.models.set(key, loading);
    try {
      await loading;
    } catch (error) {
      // A failed load is forgotten so that a later call (after the user adds the files) tries again.
      this.models.delete(key);
      throw new ModelUnavailableError(reference.modelId, explainModelLoadFailure(reference.modelId, reference.dtype, error, this.source), {
        cause: error,
      });
    }
    return performance.now() - started;
  }

  /** Frees a loaded model's sessions; returns whether it was loaded. */
  async unload(reference: ModelReference): Promise<boolean> {
    const key = keyOf(reference);
    const loading = this.models.get(key);
    if (!loading) return false;
    this.models.delete(key);
    const loaded = await loading.catch(() => undefined);
    if (loaded?.kind === 'embedder') await loaded.extractor.dispose();
    if (loaded?.kind === 'cross-encoder') await loaded.crossEncoder.model.dispose();
    return loaded !== undefined;
  }

  /** Mean-pooled, normalized embeddings of the texts, back to back in one array. */
  async embed(modelId: string, dtype: ModelDtype, texts: readonly string[], isCancelled: CancellationCheck): Promise<EmbedResult> {
    const { extractor } = await this.loaded(modelId, dtype, 'embedder');
    const parts: Float32Array[] = [];
    let dimensions = 0;
    for (let start = 0; start < texts.length; start += SUB_BATCH_SIZE) {
      throwIfCancelled(isCancelled);
      const output: Tensor = await extractor(texts.slice(start, start + SUB_BATCH_SIZE), { pooling: 'mean', normalize: true });
      dimensions = output.dims.at(-1) ?? 0;
      parts.push(Float32Array.from(output.data as ArrayLike<number>));
      await yieldToEventLoop();
    }
    const vectors = new Float32Array(texts.length * dimensions);
    parts.reduce((offset, part) => (vectors.set(part, offset), offset + part.length), 0);
    return { vectors, count: texts.length, dimensions };
  }

  /**
   * The cross-encoder's probability that each passage answers the query, in passage order. Pairs are
   * scored in small batches of similar length: a batch is padded to its longest pair, and attention
   * costs the square of that length, so one batch of mixed lengths pays for its longest many times.
   */
  async scorePairs(modelId: string, dtype: ModelDtype, query: string, passages: readonly string[], isCancelled: CancellationCheck): Promise<number[]> {
    const { crossEncoder } = await this.loaded(modelId, dtype, 'cross-encoder');
    // Never past what the model was trained on (its position table ends there); some tokenizers do not say.
    const modelMaximum = (crossEncoder.tokenizer.model_max_length as number | undefined) ?? Number.POSITIVE_INFINITY;
    const maxLength = Math.min(this.settings.maxPairTokens, modelMaximum);
    // The query never takes more than half the pair, whatever the settings: the passage keeps the rest.
    const cappedQuery = capTokens(crossEncoder.tokenizer, query, Math.min(this.settings.maxQueryTokens, Math.floor(maxLength / 2)));
    const order = passages.map((passage, index) => ({ index, length: passage.length })).sort((left, right) => left.length - right.length);
    const scores = new Array<number>(passages.length).fill(0);
    for (let start = 0; start < order.length; start += PAIR_BATCH_SIZE) {
      throwIfCancelled(isCancelled);
      const batch = order.slice(start, start + PAIR_BATCH_SIZE);
      // The query goes first, as the text-pair models were trained: "[CLS] query [SEP] passage [SEP]".
      // Truncation cuts from the end, so the query is capped first: the passage always keeps the rest.
      const inputs: unknown = crossEncoder.tokenizer(
        batch.map(() => cappedQuery),
        { text_pair: batch.map(({ index }) => passages[index] ?? ''), padding: true, truncation: true, max_length: maxLength },
      );
      const { logits } = (await crossEncoder.model(inputs)) as { logits: Tensor };
      (logits.tolist() as number[][]).forEach((row, position) => {
        const index = batch[position]?.index;
        if (index !== undefined) scores[index] = relevanceProbability(row);
      });
      await yieldToEventLoop();
    }
    return scores;
  }

  private async loaded<Kind extends ModelKind>(modelId: string, dtype: ModelDtype, kind: Kind): Promise<Extract<LoadedModel, { kind: Kind }>> {
    const reference: ModelReference = { kind, modelId, dtype };
    await this.load(reference);
    const loaded = await this.models.get(keyOf(reference));
    if (loaded?.kind !== kind) throw new ModelUnavailableError(modelId, `it was unloaded while in use`);
    return loaded as Extract<LoadedModel, { kind: Kind }>;
  }

  private async loadFresh(reference: ModelReference): Promise<LoadedModel> {
    const { modelId, dtype } = reference;
    if (reference.kind === 'embedder') {
      return { kind: 'embedder', extractor: await loadFeatureExtraction('feature-extraction', modelId, { ...modelFileFor(modelId, dtype), session_options: this.sessionOptions }) };
    }
    const [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained(modelId),
      AutoModelForSequenceClassification.from_pretrained(modelId, { ...modelFileFor(modelId, dtype), session_options: this.sessionOptions }),
    ]);
    return { kind: 'cross-encoder', crossEncoder: { tokenizer, model } };
  }
}

/** The text of at most `maxTokens` of the tokenizer's tokens (no special tokens), or the text itself when it is shorter. */
export function capTokens(tokenizer: PreTrainedTokenizer, text: string, maxTokens: number): string {
  const ids = tokenizer.encode(text, { add_special_tokens: false });
  if (ids.length <= maxTokens) return text;
  return tokenizer.decode(ids.slice(0, maxTokens), { skip_special_tokens: true });
}
