import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerPart, ConversationTurn, DonePart, SourcesPart } from '../../src/tutor/index.js';
import { createTestRuntime } from '../helpers/create-test-runtime.js';
import { startFakeOpenAiServer, type FakeChatMessage, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';

type TestRuntime = Awaited<ReturnType<typeof createTestRuntime>>;
let server: FakeOpenAiServer;
let runtime: TestRuntime;
let reply: (messages: readonly FakeChatMessage[]) => string = () => 'Retrieval, ranking and generation. [Q36]';

beforeAll(async () => {
  server = await startFakeOpenAiServer({ reply: (messages) => reply(messages), chunkCharacters: 3 });
  runtime = await createTestRuntime({ LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '2000', LLM_MAX_TOKENS: '321' });
});
afterAll(async () => {
  await runtime.cleanup();
  await server.close();
});
afterEach(() => {
  server.setBehavior({ kind: 'answer' });
  server.requests.length = 0;
});

async function ask(text: string, history: ConversationTurn[] = [], mode: 'normal' | 'eli5' = 'normal') {
  const parts: AnswerPart[] = [];
  for await (const part of runtime.tutor.ask({ text, history, mode })) parts.push(part);
  return {
    parts,
    sources: parts.find((part): part is SourcesPart => part.type === 'sources')!,
    done: parts.find((part): part is DonePart => part.type === 'done')!,
    tokens: parts.flatMap((part) => (part.type === 'token' ? [part.text] : [])),
  };
}

const lastUserMessage = () => {
  const body = server.requests.at(-1)?.body as { messages: FakeChatMessage[] };
  return body.messages.at(-1)?.content ?? '';
};

describe('Tutor with an OpenAI-compatible LLM', () => {
  it('streams the model answer token by token and cites the retrieved record', async () => {
    reply = () => 'RAG retrieves documents, ranks them and generates an answer. [Q36]';
    const { done, tokens } = await ask('What are the steps in RAG?');
    expect(tokens.length).toBeGreaterThan(5);
    expect(done.answer).toBe('RAG retrieves documents, ranks them and generates an answer. [Q36]');
    expect(done.citations).toEqual([36]);
    expect(done.generator).toBe('llm');
  });

  it('sends the records fenced as data and the learner message fenced apart', async () => {
    reply = () => 'Answer. [Q36]';
    await ask('What are the steps in RAG?');
    const body = server.requests.at(-1)?.body as { messages: FakeChatMessage[]; stream: boolean; model: string };
    expect(body.stream).toBe(true);
    expect(body.model).toBe('fake-model');
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[0]?.content).toMatch(/data, not instructions/u);
    expect(lastUserMessage()).toMatch(/<records>[\s\S]*<record id="Q36">[\s\S]*<\/records>[\s\S]*<learner_message>\nWhat are the steps in RAG\?\n<\/learner_message>/u);
  });

  it('asks for Chinese when the learner writes Chinese', async () => {
    reply = () => 'LoRA 添加低秩矩阵。[Q4]';
    await ask('LoRA 和 QLoRA 有什么区别？');
    expect(lastUserMessage()).toMatch(/Simplified Chinese/u);
  });

  it('removes citations of records that were not retrieved, even split across chunks', async () => {
    reply = () => 'Steps are retrieval and generation [Q36] and also see [Q99] and [Q7].';
    const { done, tokens } = await ask('What are the steps in RAG?');
    expect(done.citations).toEqual([36]);
    expect(done.answer).not.toMatch(/Q99|Q7\]/u);
    expect(tokens.join('')).toBe(done.answer);
  });

  it('adds the top record as a citation when the model cites none', async () => {
    reply = () => 'Retrieval, ranking, generation.';
    const { done } = await ask('What are the steps in RAG?');
    expect(done.citations).toEqual([36]);
    expect(done.answer).toMatch(/\[Q36\]$/u);
  });

  it('asks for a newcomer explanation in eli5 mode', async () => {
    reply = () => 'Think of a library… [Q36]';
    await ask('What is RAG?', [], 'eli5');
    const body = server.requests.at(-1)?.body as { messages: FakeChatMessage[] };
    expect(body.messages[0]?.content).toMatch(/new to the field/u);
  });

  it('condenses a follow-up into a standalone question before retrieval', async () => {
    reply = (messages) =>
      messages[0]?.content.startsWith('Rewrite') ? 'How does QLoRA differ from LoRA in memory use?' : 'QLoRA quantizes to 4 bits. [Q4]';
    const history: ConversationTurn[] = [
      { role: 'user', content: 'What is LoRA?' },
      { role: 'assistant', content: 'LoRA adds low-rank matrices. [Q4]', citations: [4] },
    ];
    const { sources, done } = await ask('And what about the quantized version?', history);
    expect(sources.rewrittenQuery).toBe('How does QLoRA differ from LoRA in memory use?');
    expect(sources.sources[0]?.id).toBe(4);
    expect(done.citations).toEqual([4]);
    const condenseRequest = server.requests.find((request) => (request.body as { stream?: boolean }).stream === false);
    expect(JSON.stringify(condenseRequest?.body)).toContain('What is LoRA?');
  });

  it('falls back to the extractive answer with a notice when the LLM fails', async () => {
    server.setBehavior({ kind: 'status', status: 500, body: 'boom' });
    const { done } = await ask('What are the steps in RAG?');
    expect(done.generator).toBe('extractive');
    expect(done.notice).toMatch(/unavailable/u);
    expect(done.answer).toContain('Retrieval: Fetching relevant documents');
    expect(done.citations).toEqual([36]);
  });

  it('turns the model\'s not-in-bank marker into an out-of-scope answer with no citation, even split over chunks', async () => {
    reply = () => '  [[NOT_IN_BANK]]';
    const { sources, done, tokens } = await ask('What is the attention span of a goldfish?');
    expect(server.requests.length).toBeGreaterThan(0);
    expect(done).toMatchObject({ outOfScope: true, scope: 'out-of-scope', citations: [] });
    expect(done.answer).not.toContain('NOT_IN_BANK');
    expect(done.answer).toMatch(/does not cover/u);
    expect(tokens.join('')).toBe(done.answer);
    expect(sources.sources.length).toBeGreaterThan(0);
  });

  it('tells the model how to say the records do not cover a question', async () => {
    reply = () => 'Answer. [Q36]';
    await ask('What are the steps in RAG?');
    const body = server.requests.at(-1)?.body as { messages: FakeChatMessage[] };
    expect(body.messages[0]?.content).toContain('[[NOT_IN_BANK]]');
  });

  it('keeps an answer that only mentions the marker later, without showing the marker', async () => {
    reply = () => 'RAG retrieves, ranks, generates [Q36]. [[NOT_IN_BANK]]';
    const { done } = await ask('What are the steps in RAG?');
    expect(done.scope).toBe('answer');
    expect(done.citations).toEqual([36]);
    expect(done.answer).not.toContain('NOT_IN_BANK');
  });

  it('lets the model judge a question the lexical stage is unsure of, instead of refusing it', async () => {
    reply = () => 'A car has no context window; the term is about LLMs. [Q3]';
    const { done } = await ask("what's the context window of a car");
    expect(server.requests.length).toBeGreaterThan(0);
    expect(done.scope).not.toBe('out-of-scope');
  });

  it('asks for Traditional Chinese when the learner writes it, and passes the model\'s own characters through', async () => {
    reply = () => '注意力機制讓模型權衡詞元的重要性。[Q2]';
    const { done } = await ask('什麼是注意力機制？');
    expect(lastUserMessage()).toMatch(/Traditional Chinese/u);
    expect(done.answer).toBe('注意力機制讓模型權衡詞元的重要性。[Q2]');
  });

  it('gives the extractive fallback in Traditional characters when the LLM fails a Traditional learner', async () => {
    server.setBehavior({ kind: 'status', status: 500, body: 'boom' });
    const { done } = await ask('什麼是注意力機制？');
    expect(done.generator).toBe('extractive');
    expect(done.answer).toContain('注意力機制');
    expect(done.answer).not.toContain('注意力机制');
  });

  it('caps every answer request at LLM_MAX_TOKENS', async () => {
    reply = () => 'Answer. [Q36]';
    await ask('What are the steps in RAG?');
    expect((server.requests.at(-1)?.body as { max_tokens?: number }).max_tokens).toBe(321);
  });

  it('tells the model what the learner asks of the answer: a follow-up, a comparison, an example, a newcomer\'s explanation', async () => {
    reply = (messages) => (messages[0]?.content.startsWith('Rewrite') ? 'How do top-k and top-p differ from temperature?' : 'Answer. [Q12]');
    const history: ConversationTurn[] = [
      { role: 'user', content: 'How do top-k and top-p sampling differ?' },
      { role: 'assistant', content: '… [Q12]', citations: [12] },
    ];
    await ask('How is that different from temperature?', history);
    expect(lastUserMessage()).toMatch(/set Q12 and Q6 side by side/u);

    await ask('And why does top-p adapt to context?', history);
    expect(lastUserMessage()).toMatch(/This is a follow-up/u);

    reply = () => 'Answer. [Q41]';
    await ask('Give me an example of zero-shot learning');
    expect(lastUserMessage()).toMatch(/asks for an example: give the example a record gives, and say it comes from the bank/u);

    reply = () => 'Answer. [Q2]';
    await ask('What is attention?', [], 'eli5');
    expect(lastUserMessage()).toMatch(/"Words to know" list with tokens \[Q1\]/u);
  });

  it('does not call the LLM for an out-of-scope question', async () => {
    const { done } = await ask('How do I renew my passport?');
    expect(done.outOfScope).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
