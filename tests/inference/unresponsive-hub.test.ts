import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../../src/errors/index.js';
import { ModelWorkerClient } from '../../src/inference/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

/** Loads a model that exists nowhere and returns the error and how long it took. */
async function timeFailedLoad(client: ModelWorkerClient, modelId: string): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await client.loadModel({ kind: 'embedder', modelId, dtype: 'q8' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, elapsedMs: performance.now() - started };
}

// One client for the file: onnxruntime-node runs in only one worker thread per process.
describe('ModelWorkerClient with the Hub allowed but out of reach', () => {
  let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
  let silentHub: Server;
  let client: ModelWorkerClient;

  beforeAll(async () => {
    temporary = await createTemporaryDirectory('model-worker-remote-');
    // Accepts connections and never answers, like a firewall that swallows requests.
    silentHub = createServer(() => undefined);
    await new Promise<void>((resolve) => silentHub.listen(0, '127.0.0.1', resolve));
    const { port } = silentHub.address() as AddressInfo;
    client = new ModelWorkerClient({ modelsDirectory: temporary.directory, remoteHost: `http://127.0.0.1:${port}/`, remoteTimeoutMs: 300 });
    await timeFailedLoad(client, 'warm/up');
  });

  afterAll(async () => {
    await client.close();
    silentHub.closeAllConnections();
    await new Promise((resolve) => silentHub.close(resolve));
    await temporary.remove();
  });

  it('gives up on a silent Hub after the remote timeout with ModelUnavailableError', async () => {
    const { error, elapsedMs } = await timeFailedLoad(client, 'tiny/nowhere');
    expect(elapsedMs).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error).toMatchObject({ modelId: 'tiny/nowhere' });
    expect((error as Error).message).toMatch(/did not answer within 300 ms.*not available offline.*MODELS_DIR/s);
  });

  it('fails at once when nothing listens at the Hub address', async () => {
    silentHub.closeAllConnections();
    await new Promise((resolve) => silentHub.close(resolve));
    const { error, elapsedMs } = await timeFailedLoad(client, 'tiny/nowhere-either');
    expect(elapsedMs).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/cannot be reached \(ECONNREFUSED/);
  });
});
