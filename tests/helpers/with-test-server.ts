import { startTestServer, type TestServer } from './start-test-server.js';

/** Runs `body` against a tutor server started with `environment`, and stops the server however `body` ends. */
export async function withTestServer<Result>(environment: Record<string, string>, body: (server: TestServer) => Promise<Result>): Promise<Result> {
  const server = await startTestServer(environment);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}
