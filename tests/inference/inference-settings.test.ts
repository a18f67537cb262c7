import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_INFERENCE_SETTINGS, toSessionOptions } from '../../src/inference/index.js';

describe('inference settings', () => {
  it('turn spinning off by default and leave the thread count to onnxruntime', () => {
    const config = loadConfig({});
    expect(config.inference).toEqual(DEFAULT_INFERENCE_SETTINGS);
    const options = toSessionOptions(config.inference);
    expect(options).not.toHaveProperty('intraOpNumThreads');
    expect(options.extra.session.intra_op.allow_spinning).toBe('0');
    expect(options.extra.session.inter_op.allow_spinning).toBe('0');
  });

  it('read MODEL_THREADS, MODEL_SPINNING and RERANK_QUERY_TOKENS, and name a bad value', () => {
    const config = loadConfig({ MODEL_THREADS: '2', MODEL_SPINNING: '1', RERANK_QUERY_TOKENS: '64' });
    expect(config.inference).toEqual({ intraOpThreads: 2, spinning: true, maxQueryTokens: 64, maxPairTokens: 512 });
    expect(toSessionOptions(config.inference)).toMatchObject({ intraOpNumThreads: 2, interOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '1' } } } });
    expect(() => loadConfig({ MODEL_THREADS: 'many' })).toThrow(/MODEL_THREADS/u);
    expect(() => loadConfig({ RERANK_QUERY_TOKENS: '4' })).toThrow(/RERANK_QUERY_TOKENS/u);
    // The passage keeps at least half of every pair.
    expect(() => loadConfig({ RERANK_MAX_TOKENS: '128' })).toThrow(/RERANK_QUERY_TOKENS.*half of RERANK_MAX_TOKENS \(128\)/u);
    expect(loadConfig({ RERANK_MAX_TOKENS: '128', RERANK_QUERY_TOKENS: '64' }).inference).toMatchObject({ maxQueryTokens: 64, maxPairTokens: 128 });
  });
});
