import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { createRandom } from './seeded-random.js';

const { onnx } = onnxProto;

/** Width of both tiny models' vectors: small enough for kilobyte files, wide enough that random word vectors are nearly orthogonal. */
const DIMENSIONS = 64;
const ORGANIZATION = 'tiny';
const EMBED_NAME = 'tiny-bert-embedder';
const RERANK_NAME = 'tiny-bert-cross-encoder';

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Words the tests and the tutor's domain use; anything else is spelt out from the single-letter pieces below. */
const WORDS = `
the a an and or of to in on for with by from as at is are was were be been it its this that these those
what which who how why when where do does did can could should would will not no yes more most less very
about into than then there their them they we you your our i me my he she his her one two three first
model models language large small attention self multi head heads transformer transformers token tokens
tokenizer embedding embeddings vector vectors layer layers query queries key keys value values passage passages
training train trained fine tuning tune loss gradient gradients learning rate weight weights bias parameter
parameters network neural deep data dataset batch size sequence length context window position positional
encoding decoder encoder softmax logits probability distribution sampling temperature top beam search
retrieval augmented generation rag prompt prompts answer answers question questions interview llm llms gpt bert
memory cache inference latency speed fast slow cost compute gpu quantization quantized precision float
overfitting regularization dropout normalization norm residual connection feed forward activation function
chain thought reasoning hallucination alignment reinforcement human feedback reward policy evaluation metric
score scores rank ranking similarity cosine distance dense sparse lexical hybrid index chunk chunks document
weather rain sunny cold warm today tomorrow cat cats dog dogs pizza cheese recipe football music guitar
`;

/** Common CJK characters; BERT's normalizer splits them into one token each. */
const CJK_CHARACTERS = [
  '的是在有和了不人我这个中大为上们来到说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法',
  '学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实日者意无力与长把机十民第公此已工使情明性知全三又关点',
  '正业外将两高间由问很最重并物手应向头文体相见被利什二等产或新己制身果加模型注词量嵌入训练数据语言规检索答案题提示微调参损',
  '失梯度推幻觉齐奖励评估似排序缓存化精延迟',
].join('');

/** The vocabulary in id order: specials first, then words, CJK characters, letters, digits, punctuation and their continuation pieces. */
function buildVocabulary(): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const punctuation = '.,:;!?\'"()[]{}-_/+*=<>%&#@$'.split('');
  const words = WORDS.split(/\s+/).filter(Boolean);
  const suffixes = ['##s', '##es', '##ed', '##ing', '##er', '##ly', '##tion'];
  const pieces = [
    ...SPECIAL_TOKENS,
    ...words,
    ...CJK_CHARACTERS,
    ...letters,
    ...letters.map((letter) => `##${letter}`),
    ...suffixes,
    ...punctuation,
  ];
  return [...new Set(pieces)];
}

/**
 * One row per token, pseudo-random in [-1, 1]. Special tokens are scaled by `specialScale`; single
 * characters and `##` pieces by a third, so a word spelt out letter by letter does not outweigh real words.
 */
function buildEmbeddingTable(vocabulary: readonly string[], seed: number, specialScale: number): Float32Array {
  const random = createRandom(seed);
  const table = new Float32Array(vocabulary.length * DIMENSIONS);
  vocabulary.forEach((token, row) => {
    const isSpecial = (SPECIAL_TOKENS as readonly string[]).includes(token) && token !== '[UNK]';
    const isPiece = token.startsWith('##') || /^[a-z0-9]$/.test(token);
    const scale = isSpecial ? specialScale : isPiece ? 1 / 3 : 1;
    for (let column = 0; column < DIMENSIONS; column += 1) {
      table[row * DIMENSIONS + column] = (random() * 2 - 1) * scale;
    }
  });
  return table;
}

function floatTensor(name: string, dims: number[], values: Float32Array): InstanceType<typeof onnx.TensorProto> {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  });
}

function int64Tensor(name: string, dims: number[], values: readonly number[]): InstanceType<typeof onnx.TensorProto> {
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: [...values] });
}

/** A graph input or output of the given element type and shape (names are dynamic sizes). */
function tensorInfo(name: string, elemType: number, dims: (string | number)[]): InstanceType<typeof onnx.ValueInfoProto> {
  const dim = dims.map((size) => (typeof size === 'string' ? { dimParam: size } : { dimValue: size }));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType, shape: { dim } } } });
}

/** The three inputs of a BERT export, int64 `[batch_size, sequence_length]`. */
function tokenInputs(): InstanceType<typeof onnx.ValueInfoProto>[] {
  return ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => tensorInfo(name, onnx.TensorProto.DataType.INT64, ['batch_size', 'sequence_length']));
}

function node(opType: string, input: string[], output: string[], attribute: InstanceType<typeof onnx.AttributeProto>[] = []) {
  return onnx.NodeProto.create({ opType, input, output, name: output[0] ?? opType, attribute });
}

/**
 * Nodes and initializers producing the float embedding table `embedding_table`: stored as floats for fp32,
 * or as int8 with a DequantizeLinear for q8, like real quantized exports.
 */
function embeddingTableNodes(table: Float32Array, rows: number, quantized: boolean) {
  if (!quantized) return { nodes: [], initializers: [floatTensor('embedding_table', [rows, DIMENSIONS], table)] };
  const scale = Math.max(...table.map(Math.abs)) / 127 || 1;
  const quantizedValues = Int8Array.from(table, (value) => Math.round(value / scale));
  return {
    nodes: [node('DequantizeLinear', ['embedding_table_int8', 'embedding_scale', 'embedding_zero_point'], ['embedding_table'])],
    initializers: [
      onnx.TensorProto.create({
        name: 'embedding_table_int8',
        dims: [rows, DIMENSIONS],
        dataType: onnx.TensorProto.DataType.INT8,
        rawData: new Uint8Array(quantizedValues.buffer),
      }),
      floatTensor('embedding_scale', [], Float32Array.of(scale)),
      onnx.TensorProto.create({ name: 'embedding_zero_point', dims: [], dataType: onnx.TensorProto.DataType.INT8, rawData: new Uint8Array(1) }),
    ],
  };
}

function encodeModel(graph: ConstructorParameters<typeof onnx.GraphProto>[0]): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'tests/helpers/tiny-models',
    opsetImport: [{ domain: '', version: 13 }],
    graph: onnx.GraphProto.create(graph),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A BERT-shaped feature extractor: `last_hidden_state` is each token's row of the table; mean pooling happens in transformers.js. */
function buildFeatureExtractor(table: Float32Array, rows: number, quantized: boolean): Uint8Array {
  const source = embeddingTableNodes(table, rows, quantized);
  return encodeModel({
    name: 'tiny_feature_extractor',
    // token_type_ids is declared, like real BERT exports, so transformers.js has to feed it.
    input: tokenInputs(),
    output: [tensorInfo('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch_size', 'sequence_length', DIMENSIONS])],
    initializer: source.initializers,
    node: [...source.nodes, node('Gather', ['embedding_table', 'input_ids'], ['last_hidden_state'])],
  });
}

/**
 * A cross-encoder whose logit is the cosine between the summed word vectors of segment A (the query,
 * token type 0) and segment B (the passage, token type 1), scaled: shared words raise the score.
 */
function buildCrossEncoder(table: Float32Array, rows: number, quantized: boolean): Uint8Array {
  const source = embeddingTableNodes(table, rows, quantized);
  const ones = new Float32Array(DIMENSIONS).fill(1);
  const unitVector = (prefix: string, weights: string) => [
    node('Unsqueeze', [weights, 'axis_one'], [`${prefix}_weights_row`]),
    node('MatMul', [`${prefix}_weights_row`, 'token_vectors'], [`${prefix}_sum`]),
    node('Mul', [`${prefix}_sum`, `${prefix}_sum`], [`${prefix}_squares`]),
    node('MatMul', [`${prefix}_squares`, 'ones_column'], [`${prefix}_norm_squared`]),
    node('Add', [`${prefix}_norm_squared`, 'epsilon'], [`${prefix}_norm_squared_safe`]),
    node('Sqrt', [`${prefix}_norm_squared_safe`], [`${prefix}_norm`]),
    node('Div', [`${prefix}_sum`, `${prefix}_norm`], [`${prefix}_unit`]),
  ];
  const castToFloat = onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT });
  return encodeModel({
    name: 'tiny_cross_encoder',
    input: tokenInputs(),
    output: [tensorInfo('logits', onnx.TensorProto.DataType.FLOAT, ['batch_size', 1])],
    initializer: [
      ...source.initializers,
      int64Tensor('axis_one', [1], [1]),
      int64Tensor('logits_shape', [2], [-1, 1]),
      floatTensor('ones_column', [DIMENSIONS, 1], ones),
      floatTensor('epsilon', [], Float32Array.of(1e-6)),
      floatTensor('logit_scale', [], Float32Array.of(6)),
      floatTensor('logit_bias', [], Float32Array.of(-2)),
    ],
    node: [
      ...source.nodes,
      node('Gather', ['embedding_table', 'input_ids'], ['token_vectors']),
      node('Cast', ['attention_mask'], ['mask_float'], [castToFloat]),
      node('Cast', ['token_type_ids'], ['type_float'], [castToFloat]),
      node('Mul', ['mask_float', 'type_float'], ['passage_weights']),
      node('Sub', ['mask_float', 'passage_weights'], ['query_weights']),
      ...unitVector('query', 'query_weights'),
      ...unitVector('passage', 'passage_weights'),
      node('Mul', ['query_unit', 'passage_unit'], ['products']),
      node('MatMul', ['products', 'ones_column'], ['cosine']),
      node('Reshape', ['cosine', 'logits_shape'], ['cosine_flat']),
      node('Mul', ['cosine_flat', 'logit_scale'], ['scaled']),
      node('Add', ['scaled', 'logit_bias'], ['logits']),
    ],
  });
}

/** tokenizer.json in the Hugging Face `tokenizers` format: a lower-casing BERT WordPiece tokenizer. */
function buildTokenizerJson(vocabulary: readonly string[]): object {
  const vocab = Object.fromEntries(vocabulary.map((token, id) => [token, id]));
  const special = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0)],
      pair: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0), { Sequence: { id: 'B', type_id: 1 } }, special('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [vocab[token]], tokens: [token] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

/** BertTokenizer returns token_type_ids, which the cross-encoder reads to tell the query from the passage. */
const TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  clean_up_tokenization_spaces: true,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
};

function bertConfig(architecture: string, vocabularySize: number, extra: object = {}): object {
  return {
    architectures: [architecture],
    model_type: 'bert',
    hidden_size: DIMENSIONS,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: DIMENSIONS,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocabularySize,
    ...extra,
  };
}

async function writeModel(directory: string, files: Record<string, string | Uint8Array>): Promise<void> {
  await mkdir(path.join(directory, 'onnx'), { recursive: true });
  for (const [name, contents] of Object.entries(files)) await writeFile(path.join(directory, name), contents);
}

/**
 * Writes two tiny models into `directory/<org>/<name>/` in the layout transformers.js loads from
 * `env.localModelPath`: a BERT-like feature extractor and a one-label cross-encoder, each with fp32
 * (`onnx/model.onnx`) and q8 (`onnx/model_quantized.onnx`) weights. They are a few hundred kilobytes,
 * built in a few milliseconds and deterministic.
 */
export async function createTinyModels(directory: string): Promise<{ embedModelId: string; rerankModelId: string; dimensions: number }> {
  const vocabulary = buildVocabulary();
  const tokenizerFiles = {
    'tokenizer.json': JSON.stringify(buildTokenizerJson(vocabulary)),
    'tokenizer_config.json': JSON.stringify(TOKENIZER_CONFIG),
  };

  // Small special-token rows keep a text made only of unknown words from pooling to a zero vector.
  const embedTable = buildEmbeddingTable(vocabulary, 1234, 0.1);
  await writeModel(path.join(directory, ORGANIZATION, EMBED_NAME), {
    ...tokenizerFiles,
    'config.json': JSON.stringify(bertConfig('BertModel', vocabulary.length)),
    'onnx/model.onnx': buildFeatureExtractor(embedTable, vocabulary.length, false),
    'onnx/model_quantized.onnx': buildFeatureExtractor(embedTable, vocabulary.length, true),
  });

  // Zero special-token rows: [CLS] and [SEP] sit in both segments and would otherwise make every pair look alike.
  const rerankTable = buildEmbeddingTable(vocabulary, 5678, 0);
  await writeModel(path.join(directory, ORGANIZATION, RERANK_NAME), {
    ...tokenizerFiles,
    'config.json': JSON.stringify(
      bertConfig('BertForSequenceClassification', vocabulary.length, { id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } }),
    ),
    'onnx/model.onnx': buildCrossEncoder(rerankTable, vocabulary.length, false),
    'onnx/model_quantized.onnx': buildCrossEncoder(rerankTable, vocabulary.length, true),
  });

  return { embedModelId: `${ORGANIZATION}/${EMBED_NAME}`, rerankModelId: `${ORGANIZATION}/${RERANK_NAME}`, dimensions: DIMENSIONS };
}
