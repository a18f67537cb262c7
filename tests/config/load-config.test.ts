import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
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

  it('switches the cross-encoder off with an empty RERANK_MODEL', () => {
    expect(loadConfig({ RERANK_MODEL: '' }).rerankModel).toBe('');
  });
});
