import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimedFetch, RemoteTimeoutError } from '../../src/inference/index.js';

const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  '/prompt': (_request, response) => response.end('hello'),
  '/silent': () => undefined,
  // Sends half a body, then nothing more.
  '/stalls': (_request, response) => {
    response.writeHead(200, { 'content-length': '10' });
    response.write('12345');
  },
  // Five chunks 80 ms apart: longer than the timeout in total, never silent for that long.
  '/steady': (_request, response) => {
    let sent = 0;
    const timer = setInterval(() => {
      response.write(String(sent));
      sent += 1;
      if (sent === 5) {
        clearInterval(timer);
        response.end();
      }
    }, 80);
  },
};

describe('createTimedFetch', () => {
  let server: Server;
  let base: string;
  const timedFetch = createTimedFetch(fetch, 200);

  beforeAll(async () => {
    server = createServer((request, response) => routes[request.url ?? '']?.(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes a prompt response through unchanged', async () => {
    const response = await timedFetch(`${base}/prompt`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
  });

  it('fails with RemoteTimeoutError when the server does not answer in time', async () => {
    const started = performance.now();
    await expect(timedFetch(`${base}/silent`)).rejects.toThrow(RemoteTimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('fails when the body stops arriving halfway', async () => {
    const response = await timedFetch(`${base}/stalls`);
    await expect(response.arrayBuffer()).rejects.toThrow(/within 200 ms/);
  });

  it('lets a slow but steady download finish', async () => {
    const response = await timedFetch(`${base}/steady`);
    expect(await response.text()).toBe('01234');
  });

  it('still honours the caller’s own signal', async () => {
    const controller = new AbortController();
    const request = timedFetch(`${base}/silent`, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(request).rejects.toThrow('caller gave up');
  });
});
