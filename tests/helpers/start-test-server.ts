import { createLogger, type Logger } from '../../src/runtime/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createTestRuntime } from './create-test-runtime.js';

/** A tutor server started for a test, with its websocket address, its port, and `stop()`, which also removes its runtime. */
export interface TestServer extends RunningServer {
  /** e.g. ws://127.0.0.1:41234/ws */
  websocketUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** A real tutor server on 127.0.0.1 port 0 over a test runtime; `stop()` closes both. */
export async function startTestServer(environment: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestServer> {
  const runtime = await createTestRuntime(environment);
  const server = await startServer(runtime, { host: '127.0.0.1', port: 0, logger: options.logger ?? createLogger('silent') });
  return {
    ...server,
    websocketUrl: `${server.url.replace(/^http/u, 'ws')}/ws`,
    port: Number(new URL(server.url).port),
    stop: async () => {
      await server.close(1000);
      await runtime.cleanup();
    },
  };
}
