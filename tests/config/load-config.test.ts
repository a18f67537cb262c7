import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RERANKER_THRESHOLDS, loadConfig, RERANKER_THRESHOLDS } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors/index.js';

describe('loadConfig', () => {
  it('gives defaults for an empty environment, paths resolved against the working directory', () => {
    const config = loadConfig({}, '/srv/tutor');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      indexDirectory: path.resolve('/srv/tutor', 'index'),
      embedModel: 'Xenova/multilingual-e5-small',
      embedDtype: 'q8',
      modelsOffline: false,
      llm: undefined,
    });
  });

  it('reads the LLM settings and drops a trailing slash from the URL', () => {
    const config = loadConfig({ LLM_BASE_URL: 'http://localhost:11434/v1/', LLM_MODEL: 'qwen2.5', LLM_TIMEOUT_MS: '5000' });
    expect(config.llm).toEqual({ baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5', apiKey: undefined, timeoutMs: 5000, maxTokens: 700 });
  });

  it('treats an empty LLM_BASE_URL as unset', () => {
    expect(loadConfig({ LLM_BASE_URL: '' }).llm).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LLM_BASE_URL', 'localhost:8000'],
    ['LLM_MAX_TOKENS', 'lots'],
    ['LLM_TIMEOUT_MS', '-1'],
    ['MODELS_OFFLINE', 'maybe'],
    ['EMBED_DTYPE', 'int3'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['FRAMES_PER_SECOND', '0'],
    ['SESSIONS_PER_IP', 'many'],
    ['HISTORY_ENTRY_CHARS', '30000'],
  ])('refuses %s=%s, naming the variable and the value', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(`${variable}=${JSON.stringify(value)}`);
  });

  it('switches the cross-encoder off with an empty RERANK_MODEL or RERANK_MODEL=none, and dense retrieval likewise', () => {
    expect(loadConfig({ RERANK_MODEL: '' }).rerankModel).toBe('');
    expect(loadConfig({ RERANK_MODEL: 'none' }).rerankModel).toBe('');
    expect(loadConfig({ RERANK_MODEL: 'None' }).rerankModel).toBe('');
    expect(loadConfig({ EMBED_MODEL: 'none' }).embedModel).toBe('');
  });

  it.each([
    ['', { kind: 'off' }],
    ['off', { kind: 'off' }],
    ['0', { kind: 'off' }],
    ['1', { kind: 'hops', hops: 1 }],
    ['loopback', { kind: 'subnets', subnets: ['loopback'] }],
    ['10.0.0.0/8, 172.16.0.1', { kind: 'subnets', subnets: ['10.0.0.0/8', '172.16.0.1'] }],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads the abuse limits and the host allow-list', () => {
    const config = loadConfig({ ALLOWED_HOSTS: ' Tutor.Example.org , .example.net ', FRAMES_PER_SECOND: '3', HISTORY_ENTRY_CHARS: '2000' });
    expect(config.allowedHosts).toEqual(['tutor.example.org', '.example.net']);
    expect(config.limits).toMatchObject({ framesPerSecond: 3, frameBurst: 20, maxProtocolErrors: 10, sessionsPerIp: 50, historyEntryCharacters: 2000, connectionsPerMinutePerIp: 120 });
  });

  it('takes the cross-encoder\'s scope thresholds per model, RERANK_THRESHOLDS over them, and names a bad value', () => {
    expect(loadConfig({}).rerankThresholds).toEqual(RERANKER_THRESHOLDS['cross-encoder/mmarco-mMiniLMv2-L12-H384-v1']);
    expect(loadConfig({ RERANK_MODEL: 'Xenova/bge-reranker-base' }).rerankThresholds).toEqual(RERANKER_THRESHOLDS['Xenova/bge-reranker-base']);
    expect(loadConfig({ RERANK_MODEL: 'someone/unknown-reranker' }).rerankThresholds).toEqual(DEFAULT_RERANKER_THRESHOLDS);
    expect(loadConfig({ RERANK_MODEL: 'Xenova/bge-reranker-base', RERANK_THRESHOLDS: '0.7, 0.05' }).rerankThresholds).toEqual({ accept: 0.7, reject: 0.05 });
    expect(() => loadConfig({ RERANK_THRESHOLDS: '0.1,0.5' })).toThrow(/RERANK_THRESHOLDS.*below the accept/u);
    expect(() => loadConfig({ RERANK_THRESHOLDS: 'high' })).toThrow(/RERANK_THRESHOLDS/u);
  });

  it('keeps learners a year by default, LEARNER_IDLE_DAYS otherwise, and names a bad value', () => {
    expect(loadConfig({}).limits.learnerIdleMs).toBe(365 * 86_400_000);
    expect(loadConfig({ LEARNER_IDLE_DAYS: '30' }).limits.learnerIdleMs).toBe(30 * 86_400_000);
    expect(() => loadConfig({ LEARNER_IDLE_DAYS: '0' })).toThrow(/LEARNER_IDLE_DAYS/u);
  });
});
