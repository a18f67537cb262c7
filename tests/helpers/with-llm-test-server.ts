import type { FakeOpenAiServer, FakeOpenAiServerOptions } from './fake-openai-server.js';
import { startLlmTestServer } from './start-llm-test-server.js';
import type { TestServer } from './start-test-server.js';

/**
 * Runs `body` against a tutor server in front of a fake OpenAI-compatible server (see
 * startLlmTestServer), and stops both however `body` ends.
 */
export async function withLlmTestServer<Result>(
  llmOptions: FakeOpenAiServerOptions,
  environment: Record<string, string>,
  body: (server: TestServer, llm: FakeOpenAiServer) => Promise<Result>,
): Promise<Result> {
  const started = await startLlmTestServer(llmOptions, environment);
  try {
    return await body(started.server, started.llm);
  } finally {
    await started.stop();
  }
}
