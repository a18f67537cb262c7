import onnxProto from 'onnx-proto';
import { createRandom } from '../tests/helpers/seeded-random.js';

const { onnx } = onnxProto;
type Node = InstanceType<typeof onnx.NodeProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/** The architecture of a BERT-family encoder: what its latency depends on (not its weight values). */
export interface EncoderShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabulary: number;
  maxPositions: number;
  /** BERT exports read token_type_ids; XLM-RoBERTa ones do not. */
  tokenTypes: boolean;
  /** `last_hidden_state` for an embedder, one relevance logit per pair for a cross-encoder (RoBERTa classification head). */
  head: 'hidden-states' | 'relevance';
}

/**
 * Builds the ONNX graph of an encoder with the given shape and random weights: embeddings (word,
 * position, token type, LayerNorm), `layers` × (multi-head self-attention, residual, LayerNorm, GELU
 * feed-forward, residual, LayerNorm), and the head. `quantized` stores every MatMul weight and the
 * word table as int8 and quantizes activations dynamically (DynamicQuantizeLinear → MatMulInteger),
 * as onnxruntime's quantize_dynamic does for the `model_quantized.onnx` files transformers.js loads.
 */
export function buildEncoderGraph(shape: EncoderShape, quantized: boolean, seed: number): Uint8Array {
  const random = createRandom(seed);
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  let counter = 0;
  const name = (prefix: string) => `${prefix}_${(counter += 1)}`;
  const add = (opType: string, inputs: string[], attributes: Record<string, number | number[]> = {}, outputs = 1): string[] => {
    const out = Array.from({ length: outputs }, () => name(opType.toLowerCase()));
    const attribute = Object.entries(attributes).map(([key, value]) =>
      Array.isArray(value)
        ? onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.INTS, ints: value })
        : Number.isInteger(value) && key !== 'epsilon' && key !== 'alpha'
          ? onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.INT, i: value })
          : onnx.AttributeProto.create({ name: key, type: onnx.AttributeProto.AttributeType.FLOAT, f: value }),
    );
    nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: out, name: out[0] ?? opType, attribute }));
    return out;
  };
  const one = (opType: string, inputs: string[], attributes: Record<string, number | number[]> = {}) => add(opType, inputs, attributes)[0] as string;
  const floats = (dims: number[], fill: (index: number) => number): string => {
    const tensorName = name('w');
    const count = dims.reduce((product, size) => product * size, 1);
    const values = new Float32Array(count);
    for (let index = 0; index < count; index += 1) values[index] = fill(index);
    initializers.push(onnx.TensorProto.create({ name: tensorName, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer) }));
    return tensorName;
  };
  const weights = (dims: number[]) => floats(dims, () => (random() * 2 - 1) * 0.05);
  const constant = (dims: number[], value: number) => floats(dims, () => value);
  const int64 = (values: number[]): string => {
    const tensorName = name('i');
    initializers.push(onnx.TensorProto.create({ name: tensorName, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values }));
    return tensorName;
  };
  const int64Scalar = (value: number): string => {
    const tensorName = name('s');
    initializers.push(onnx.TensorProto.create({ name: tensorName, dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [value] }));
    return tensorName;
  };
  const int8Weights = (dims: number[]): { values: string; scale: string; zeroPoint: string } => {
    const tensorName = name('q');
    const count = dims.reduce((product, size) => product * size, 1);
    const values = new Int8Array(count);
    for (let index = 0; index < count; index += 1) values[index] = Math.round((random() * 2 - 1) * 127);
    initializers.push(onnx.TensorProto.create({ name: tensorName, dims, dataType: onnx.TensorProto.DataType.INT8, rawData: new Uint8Array(values.buffer) }));
    const zeroPoint = name('zp');
    initializers.push(onnx.TensorProto.create({ name: zeroPoint, dims: [], dataType: onnx.TensorProto.DataType.INT8, rawData: new Uint8Array(1) }));
    return { values: tensorName, scale: floats([], () => 0.05 / 127), zeroPoint };
  };

  /** x·W + b, with W [in, out]: a float MatMul, or the dynamic-int8 form. */
  const linear = (input: string, inputs: number, outputs: number): string => {
    const bias = constant([outputs], 0);
    if (!quantized) return one('Add', [one('MatMul', [input, weights([inputs, outputs])]), bias]);
    const [activations, activationScale, activationZeroPoint] = add('DynamicQuantizeLinear', [input], {}, 3) as [string, string, string];
    const weight = int8Weights([inputs, outputs]);
    const product = one('MatMulInteger', [activations, weight.values, activationZeroPoint, weight.zeroPoint]);
    const scaled = one('Mul', [one('Cast', [product], { to: onnx.TensorProto.DataType.FLOAT }), one('Mul', [activationScale, weight.scale])]);
    return one('Add', [scaled, bias]);
  };
  const layerNorm = (input: string) => one('LayerNormalization', [input, constant([shape.hidden], 1), constant([shape.hidden], 0)], { axis: -1, epsilon: 1e-12 });

  const headSize = shape.hidden / shape.heads;
  // Embeddings: word (int8 rows dequantized after the lookup when quantized), position and token type.
  let words: string;
  if (quantized) {
    const table = int8Weights([shape.vocabulary, shape.hidden]);
    words = one('DequantizeLinear', [one('Gather', [table.values, 'input_ids']), table.scale, table.zeroPoint]);
  } else {
    words = one('Gather', [weights([shape.vocabulary, shape.hidden]), 'input_ids']);
  }
  // Position ids 0..sequence_length-1 (Range takes scalars: a 0-d index makes Gather return one).
  const sequenceLength = one('Gather', [one('Shape', ['input_ids']), int64Scalar(1)]);
  const positions = one('Gather', [weights([shape.maxPositions, shape.hidden]), one('Range', [int64Scalar(0), sequenceLength, int64Scalar(1)])]);
  let embedded = one('Add', [words, positions]);
  embedded = one('Add', [embedded, shape.tokenTypes ? one('Gather', [weights([2, shape.hidden]), 'token_type_ids']) : weights([shape.hidden])]);
  let hidden = layerNorm(embedded);

  // Additive attention mask [batch, 1, 1, sequence]: 0 where attended, -10000 on padding.
  const maskFloat = one('Cast', ['attention_mask'], { to: onnx.TensorProto.DataType.FLOAT });
  const maskBias = one('Unsqueeze', [one('Mul', [one('Sub', [constant([], 1), maskFloat]), constant([], -10000)]), int64([1, 2])]);
  const splitHeads = int64([0, 0, shape.heads, headSize]);
  const mergeHeads = int64([0, 0, shape.hidden]);
  for (let layer = 0; layer < shape.layers; layer += 1) {
    const heads = (input: string, perm: number[]) => one('Transpose', [one('Reshape', [linear(input, shape.hidden, shape.hidden), splitHeads])], { perm });
    const query = heads(hidden, [0, 2, 1, 3]);
    const key = heads(hidden, [0, 2, 3, 1]);
    const value = heads(hidden, [0, 2, 1, 3]);
    const scores = one('Add', [one('Mul', [one('MatMul', [query, key]), constant([], 1 / Math.sqrt(headSize))]), maskBias]);
    const context = one('MatMul', [one('Softmax', [scores], { axis: -1 }), value]);
    const merged = one('Reshape', [one('Transpose', [context], { perm: [0, 2, 1, 3] }), mergeHeads]);
    const attended = layerNorm(one('Add', [linear(merged, shape.hidden, shape.hidden), hidden]));
    const expanded = linear(attended, shape.hidden, shape.intermediate);
    // GELU as BERT computes it: x · ½ · (1 + erf(x / √2)).
    const gelu = one('Mul', [one('Mul', [expanded, constant([], 0.5)]), one('Add', [one('Erf', [one('Mul', [expanded, constant([], Math.SQRT1_2)])]), constant([], 1)])]);
    hidden = layerNorm(one('Add', [linear(gelu, shape.intermediate, shape.hidden), attended]));
  }

  let output = hidden;
  let outputName = 'last_hidden_state';
  let outputDims: (string | number)[] = ['batch_size', 'sequence_length', shape.hidden];
  if (shape.head === 'relevance') {
    // The RoBERTa classification head: the first token's state, dense + tanh, then one logit.
    const first = one('Gather', [hidden, int64([0])], { axis: 1 });
    const pooled = one('Reshape', [first, int64([0, shape.hidden])]);
    output = linear(one('Tanh', [linear(pooled, shape.hidden, shape.hidden)]), shape.hidden, 1);
    outputName = 'logits';
    outputDims = ['batch_size', 1];
  }
  nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [output], output: [outputName], name: outputName }));

  const tensorInfo = (tensorName: string, elemType: number, dims: (string | number)[]) =>
    onnx.ValueInfoProto.create({
      name: tensorName,
      type: { tensorType: { elemType, shape: { dim: dims.map((size) => (typeof size === 'string' ? { dimParam: size } : { dimValue: size })) } } },
    });
  const inputNames = shape.tokenTypes ? ['input_ids', 'attention_mask', 'token_type_ids'] : ['input_ids', 'attention_mask'];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'bench/real-shape-graph',
    opsetImport: [{ domain: '', version: 17 }],
    graph: onnx.GraphProto.create({
      name: 'real_shape_encoder',
      input: inputNames.map((input) => tensorInfo(input, onnx.TensorProto.DataType.INT64, ['batch_size', 'sequence_length'])),
      output: [tensorInfo(outputName, onnx.TensorProto.DataType.FLOAT, outputDims)],
      initializer: initializers,
      node: nodes,
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}
