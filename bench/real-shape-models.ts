import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { modelFileFor } from '../src/config/index.js';
import { buildEncoderGraph, type EncoderShape } from './real-shape-graph.js';
import { buildUnigramTokenizerFiles } from './real-shape-tokenizer.js';

/** A model the tutor can be configured with, by the shape of its published ONNX export. */
export interface RealShapeModel {
  modelId: string;
  kind: 'embedder' | 'cross-encoder';
  shape: EncoderShape;
  /** config.json as transformers.js reads it. */
  config: Record<string, unknown>;
}

const e5Small: EncoderShape = { layers: 12, hidden: 384, heads: 12, intermediate: 1536, vocabulary: 250_037, maxPositions: 512, tokenTypes: true, head: 'hidden-states' };
const xlmRobertaBase: EncoderShape = { layers: 12, hidden: 768, heads: 12, intermediate: 3072, vocabulary: 250_002, maxPositions: 514, tokenTypes: false, head: 'relevance' };
const multilingualMiniLm: EncoderShape = { ...xlmRobertaBase, hidden: 384, intermediate: 1536 };

function bertConfig(shape: EncoderShape, architecture: string, modelType: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    architectures: [architecture],
    model_type: modelType,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: shape.tokenTypes ? 2 : 1,
    vocab_size: shape.vocabulary,
    ...extra,
  };
}

const oneLabel = { id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } };

/**
 * The models the bench times at their real shapes: the default embedder, the default cross-encoder
 * and a multilingual MiniLM-size cross-encoder (XLM-R vocabulary, 12 × 384), the cheaper candidate.
 */
export const REAL_SHAPE_MODELS: readonly RealShapeModel[] = [
  { modelId: 'Xenova/multilingual-e5-small', kind: 'embedder', shape: e5Small, config: bertConfig(e5Small, 'BertModel', 'bert') },
  {
    modelId: 'Xenova/bge-reranker-base',
    kind: 'cross-encoder',
    shape: xlmRobertaBase,
    config: bertConfig(xlmRobertaBase, 'XLMRobertaForSequenceClassification', 'xlm-roberta', oneLabel),
  },
  {
    modelId: 'cross-encoder/mmarco-mMiniLMv2-L12-H384-v1',
    kind: 'cross-encoder',
    shape: multilingualMiniLm,
    config: bertConfig(multilingualMiniLm, 'XLMRobertaForSequenceClassification', 'xlm-roberta', oneLabel),
  },
];

/** Bumped when the graphs or tokenizers change, so a stale cache is rebuilt. */
const CACHE_VERSION = '2';

/**
 * Writes every real-shape model (fp32 `onnx/model.onnx` and q8 `onnx/model_quantized.onnx`, config
 * and tokenizer files) into `directory/<org>/<name>/`, the layout MODELS_DIR has; a model already
 * written by this version is kept. About 2.5 GB; a few minutes the first time.
 */
export async function ensureRealShapeModels(directory: string, texts: readonly string[], say: (text: string) => void = () => {}): Promise<void> {
  for (const [index, model] of REAL_SHAPE_MODELS.entries()) {
    const folder = path.join(directory, ...model.modelId.split('/'));
    const stamp = path.join(folder, `.real-shape-${CACHE_VERSION}`);
    if (await exists(stamp)) continue;
    say(`writing the real-shape graphs of ${model.modelId} into ${folder}`);
    await mkdir(path.join(folder, 'onnx'), { recursive: true });
    const tokenizerFiles = buildUnigramTokenizerFiles(texts, model.shape.vocabulary, model.shape.maxPositions === 514 ? 512 : model.shape.maxPositions);
    for (const [file, contents] of Object.entries(tokenizerFiles)) await writeFile(path.join(folder, file), contents);
    await writeFile(path.join(folder, 'config.json'), JSON.stringify(model.config));
    // Under the names the tutor will ask for (see MODEL_FILES): q8 is not model_quantized.onnx for every publisher.
    const fileOf = (dtype: 'fp32' | 'q8') => `${modelFileFor(model.modelId, dtype).model_file_name ?? (dtype === 'q8' ? 'model_quantized' : 'model')}.onnx`;
    for (const [file, quantized] of [[fileOf('fp32'), false], [fileOf('q8'), true]] as const) {
      // Written under a temporary name first: an interrupted run leaves no truncated graph behind.
      const target = path.join(folder, 'onnx', file);
      await writeFile(`${target}.partial`, buildEncoderGraph(model.shape, quantized, 1000 + index));
      await rename(`${target}.partial`, target);
    }
    await writeFile(stamp, new Date().toISOString());
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
