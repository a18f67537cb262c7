import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeOpenAiServerOptions } from './fake-openai-server.js';
import { startTestServer, type TestServer } from './start-test-server.js';

/** A tutor server whose LLM is a fake OpenAI-compatible server; `stop()` stops the tutor, then the fake. */
export interface LlmTestServer {
  server: TestServer;
  llm: FakeOpenAiServer;
  stop(): Promise<void>;
}

/**
 * Starts a fake OpenAI-compatible server with `llmOptions`, then a tutor server that uses it as
 * `fake-model` (`LLM_BASE_URL`, `LLM_MODEL`), with `environment` on top.
 */
export async function startLlmTestServer(llmOptions: FakeOpenAiServerOptions = {}, environment: Record<string, string> = {}): Promise<LlmTestServer> {
  const llm = await startFakeOpenAiServer(llmOptions);
  try {
    const server = await startTestServer({ LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake-model', ...environment });
    return {
      server,
      llm,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await llm.close();
        }
      },
    };
  } catch (error) {
    await llm.close();
    throw error;
  }
}
