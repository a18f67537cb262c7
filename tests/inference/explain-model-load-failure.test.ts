import { describe, expect, it } from 'vitest';
import { RemoteTimeoutError, resolveModelSource } from '../../src/inference/index.js';
import { explainModelLoadFailure } from '../../src/inference/explain-model-load-failure.js';

const offline = resolveModelSource({ modelsDirectory: '/models', offline: true });
const online = resolveModelSource({ cacheDirectory: '/cache' });

describe('explainModelLoadFailure', () => {
  it('names the missing file and the files to provide when offline', () => {
    const error = new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/org/name/config.json".');
    const reason = explainModelLoadFailure('org/name', 'q8', error, offline);
    expect(reason).toContain('/models/org/name/config.json does not exist and MODELS_OFFLINE is set');
    expect(reason).toContain('not available offline: put config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx (dtype q8) in /models/org/name (MODELS_DIR)');
  });

  it('says the Hub cannot be reached, with the network error code, and suggests MODELS_DIR', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' });
    const reason = explainModelLoadFailure('org/name', 'fp32', new TypeError('fetch failed', { cause }), online);
    expect(reason).toMatch(/cannot be reached \(ENOTFOUND: getaddrinfo ENOTFOUND huggingface.co\)/);
    expect(reason).toMatch(/onnx\/model\.onnx \(dtype fp32\) in \/cache\/org\/name, or set MODELS_DIR/);
  });

  it('says how long the Hub stayed silent', () => {
    const reason = explainModelLoadFailure('org/name', 'q8', new RemoteTimeoutError('https://huggingface.co/x', 5000), online);
    expect(reason).toMatch(/did not answer within 5000 ms/);
  });

  it('passes other failures (a broken file) through without the offline advice', () => {
    const reason = explainModelLoadFailure('org/name', 'q8', new Error('protobuf parsing failed'), offline);
    expect(reason).toBe('loading it (dtype q8) failed: protobuf parsing failed');
  });
});
