import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const getJson = async (path: string) => {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const postChat = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /healthz', () => {
  it('reports records, index and LLM mode', async () => {
    const { status, body } = await getJson('/healthz');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', records: 50, index: { dense: false, lexical: true, model: null }, models: { embedder: null, reranker: null }, rerank: { reranker: 'lexical', admitted: 0, degraded: 0, budgetMs: 500 }, llm: { mode: 'extractive' } });
  });
});

describe('GET /api/questions', () => {
  it('lists 50 questions with both languages', async () => {
    const response = await fetch(`${server.url}/api/questions`);
    const list = (await response.json()) as { id: number; question: { en: string; zh: string } }[];
    expect(list).toHaveLength(50);
    expect(list[35]).toEqual({ id: 36, question: { en: 'What are the steps in Retrieval-Augmented Generation (RAG)?', zh: '检索增强生成(RAG)的步骤是什么?' } });
  });

  it('returns a whole record', async () => {
    const { status, body } = await getJson('/api/questions/32');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 32, answer: { en: expect.stringContaining('⟦') } });
    expect((body['restorations'] as unknown[]).length).toBe(2);
  });

  it.each(['0', '51', 'abc', '1.5'])('answers 404 JSON for the unknown id %s', async (id) => {
    const { status, body } = await getJson(`/api/questions/${id}`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('GET /api/search', () => {
  it('returns reranked results best first', async () => {
    const { status, body } = await getJson('/api/search?q=RAG%20steps&k=3');
    expect(status).toBe(200);
    expect(body['query']).toBe('RAG steps');
    const results = body['results'] as { id: number; score: number }[];
    expect(results[0]?.id).toBe(36);
    expect(results.length).toBeLessThanOrEqual(3);
    expect([...results].sort((left, right) => right.score - left.score)).toEqual(results);
  });

  it('refuses a missing query with 400', async () => {
    const { status, body } = await getJson('/api/search?k=3');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('refuses k out of range with 400 naming k', async () => {
    const { status, body } = await getJson('/api/search?q=rag&k=500');
    expect(status).toBe(400);
    expect((body['error'] as { message: string }).message).toMatch(/^k: /u);
  });
});

describe('POST /api/chat', () => {
  it('answers with citations, sources, scope, the rewritten query and timings', async () => {
    const { status, body } = await postChat(JSON.stringify({ messages: [{ role: 'user', content: 'What are the steps in RAG?' }] }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ citations: [36], outOfScope: false, scope: 'answer', rewrittenQuery: 'What are the steps in RAG?' });
    expect(Object.keys(body['timings'] as object).sort()).toEqual(['generateMs', 'rerankMs', 'retrieveMs', 'totalMs']);
  });

  it('reads earlier messages as the conversation for a follow-up', async () => {
    const { body } = await postChat(
      JSON.stringify({
        messages: [
          { role: 'user', content: 'What is zero-shot learning?' },
          { role: 'assistant', content: 'Zero-shot learning … [Q41]' },
          { role: 'user', content: 'Give me an example.' },
        ],
      }),
    );
    expect(body['citations']).toEqual([41]);
    expect(body['rewrittenQuery']).toBe('What is zero-shot learning?');
  });

  it('honours mode eli5', async () => {
    const { body } = await postChat(JSON.stringify({ messages: [{ role: 'user', content: 'What is RAG?' }], mode: 'eli5' }));
    expect(body['answer']).toMatch(/In plain words/u);
  });

  it.each([
    ['malformed JSON', '{"messages": ['],
    ['no messages', '{"messages": []}'],
    ['a wrong role', '{"messages": [{"role": "system", "content": "hi"}]}'],
    ['an empty text', '{"messages": [{"role": "user", "content": "   "}]}'],
    ['an assistant message last', '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x"}]}'],
  ])('answers 400 JSON for %s', async (_name, body) => {
    const result = await postChat(body);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
  });

  it('answers 413 for a text over the limit', async () => {
    const result = await postChat(JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(4001) }] }));
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ error: { code: 'TOO_LARGE' } });
  });

  it('answers 413 for a body over the payload limit', async () => {
    const result = await postChat(JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }));
    expect(result.status).toBe(413);
  });
});

describe('unknown routes', () => {
  it('answer 404 JSON', async () => {
    const { status, body } = await getJson('/api/nothing');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('POST /api/practice/grade', () => {
  const grade = (body: unknown) =>
    fetch(`${server.url}/api/practice/grade`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('grades an answer against the record and records nothing', async () => {
    const answer = 'Beam search keeps the k most probable partial sequences at every step instead of only the single best token, so it can find a sentence that is more likely overall than greedy decoding would.';
    const response = await grade({ recordId: 5, answer });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ recordId: 5, citations: [5], grader: 'lexical', verdict: expect.stringMatching(/^(strong|partial|missed)$/u) });
    expect(Object.keys(body).sort()).toEqual(['citations', 'covered', 'followUp', 'grader', 'missed', 'modelAnswer', 'recordId', 'score', 'verdict']);
    expect(body['score']).toBeGreaterThan(0.3);
    const wrong = (await (await grade({ recordId: 5, answer: 'No idea, sorry.' })).json()) as { score: number; verdict: string };
    expect(wrong.verdict).toBe('missed');
    expect(wrong.score).toBeLessThan(body['score'] as number);
  });

  it('answers in the language asked for', async () => {
    const body = (await (await grade({ recordId: 5, answer: 'beam search keeps several candidates', language: 'zh' })).json()) as { covered: { point: string }[]; missed: { point: string }[] };
    expect([...body.covered, ...body.missed].every(({ point }) => /[\u4e00-\u9fff]/u.test(point))).toBe(true);
  });

  it('refuses an unknown record with 404, and an empty answer or a malformed body with 400', async () => {
    const unknown = await grade({ recordId: 999, answer: 'x' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await grade({ recordId: 5, answer: '   ' })).status).toBe(400);
    expect((await grade({ recordId: 'five', answer: 'x' })).status).toBe(400);
    expect((await grade({ recordId: 5 })).status).toBe(400);
  });
});
