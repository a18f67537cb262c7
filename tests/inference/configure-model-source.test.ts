import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMOTE_HOST, DEFAULT_REMOTE_TIMEOUT_MS, requiredModelFiles, resolveModelSource } from '../../src/inference/index.js';

describe('resolveModelSource', () => {
  it('reads and downloads models in MODELS_DIR when it is given', () => {
    const source = resolveModelSource({ modelsDirectory: 'models', cacheDirectory: 'elsewhere' });
    expect(source.modelsDirectory).toBe(path.resolve('models'));
    expect(source.directory).toBe(path.resolve('models'));
  });

  it('falls back to .models-cache under the working directory, online, with the default Hub and timeout', () => {
    expect(resolveModelSource()).toEqual({
      modelsDirectory: undefined,
      directory: path.resolve('.models-cache'),
      offline: false,
      remoteTimeoutMs: DEFAULT_REMOTE_TIMEOUT_MS,
      remoteHost: DEFAULT_REMOTE_HOST,
    });
  });
});

describe('requiredModelFiles', () => {
  it('names the ONNX file transformers.js loads for each dtype', () => {
    expect(requiredModelFiles('q8')).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    expect(requiredModelFiles('fp32')).toContain('onnx/model.onnx');
    expect(requiredModelFiles('fp16')).toContain('onnx/model_fp16.onnx');
    // A model published under other file names: its int8 export, named as its publisher names it.
    expect(requiredModelFiles('q8', 'cross-encoder/mmarco-mMiniLMv2-L12-H384-v1')).toContain('onnx/model_quint8_avx2.onnx');
    expect(requiredModelFiles('fp32', 'cross-encoder/mmarco-mMiniLMv2-L12-H384-v1')).toContain('onnx/model.onnx');
  });
});
