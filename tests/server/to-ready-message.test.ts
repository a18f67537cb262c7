import { describe, expect, it } from 'vitest';
import { toReadyMessage } from '../../src/server/index.js';

describe('toReadyMessage', () => {
  it('carries the session, its token and every turn as the page redraws it, without the rewritten query', () => {
    const ready = toReadyMessage({
      session: {
        id: 'session-1',
        history: [
          { role: 'user', content: 'And for maths?', rewrittenQuery: 'Chain-of-thought for maths?' },
          { role: 'assistant', content: 'Stopped half', citations: [12], scope: 'answer', eli5: true, notice: 'LLM unavailable', stopped: true },
          { role: 'assistant', content: 'Plain', eli5: false, stopped: false },
        ],
      },
      resumeToken: 'token-1',
      llm: { mode: 'openai', model: 'fake-model' },
      records: 50,
    });
    expect(ready).toEqual({
      type: 'ready',
      session: 'session-1',
      resumeToken: 'token-1',
      llm: { mode: 'openai', model: 'fake-model' },
      records: 50,
      history: [
        { role: 'user', content: 'And for maths?' },
        { role: 'assistant', content: 'Stopped half', citations: [12], scope: 'answer', eli5: true, notice: 'LLM unavailable', stopped: true },
        { role: 'assistant', content: 'Plain' },
      ],
    });
  });
});
