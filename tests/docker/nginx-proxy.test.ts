import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/project-paths.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { openTestSocket } from '../helpers/websocket-client.js';

// docker/nginx.conf run for real (Debian's nginx, which CI installs) in front of a tutor with
// TRUST_PROXY=1: the example must carry websockets and streaming, and per-IP limits must see the
// address nginx saw, whatever a client writes in its own X-Forwarded-For.
const nginxPath = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));

let tutor: TestServer;
let temporary: { directory: string; remove: () => Promise<void> };
let nginx: ChildProcess | undefined;
let proxyPort = 0;

describe.skipIf(!nginxPath)('docker/nginx.conf in front of the tutor', () => {
  beforeAll(async () => {
    tutor = await startTestServer({ TRUST_PROXY: '1', ASKS_PER_MINUTE_PER_IP: '3' });
    temporary = await createTemporaryDirectory('tutor-nginx-');
    proxyPort = await freePort();
    const example = await readFile(path.join(projectRoot, 'docker/nginx.conf'), 'utf8');
    const site = example.replace('server tutor:3000;', `server 127.0.0.1:${tutor.port};`).replace('listen 8080;', `listen 127.0.0.1:${proxyPort};`);
    // The example changed shape if either replacement did nothing; then this test must be updated with it.
    expect(site).toContain(`server 127.0.0.1:${tutor.port};`);
    expect(site).toContain(`listen 127.0.0.1:${proxyPort};`);
    const directory = temporary.directory;
    await writeFile(path.join(directory, 'site.conf'), site);
    await writeFile(
      path.join(directory, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${directory}/nginx.pid;`,
        `error_log ${directory}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${directory}/${kind};`),
        `  include ${directory}/site.conf;`,
        '}',
      ].join('\n'),
    );
    nginx = spawn(nginxPath as string, ['-p', directory, '-c', path.join(directory, 'nginx.conf'), '-e', path.join(directory, 'error.log')], { stdio: 'ignore' });
    await waitForPort(proxyPort);
  }, 60_000);

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await tutor?.stop();
    await temporary?.remove();
  });

  it('serves the page and /healthz through the proxy', async () => {
    expect((await get('/healthz', {})).status).toBe(200);
    expect((await get('/', {})).body).toContain('LLM Interview Tutor');
  });

  it('carries the websocket: the page origin passes, the answer streams through', async () => {
    const { client } = await openTestSocket(`ws://127.0.0.1:${proxyPort}/ws`, { headers: { origin: `http://127.0.0.1:${proxyPort}` } });
    client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
    const messages = await client.collectAnswer(1);
    expect(messages.filter((message) => message.type === 'token').length).toBeGreaterThan(3);
    expect(messages.at(-1)).toMatchObject({ type: 'done', citations: [36] });
    await client.close();
  });

  it('refuses a Host the tutor does not serve', async () => {
    expect((await get('/healthz', { host: 'evil.example' })).status).toBe(403);
  });

  it('counts a client by the address nginx saw, not by the X-Forwarded-For it sent', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await get('/api/search?q=rag', { 'x-forwarded-for': `203.0.113.${index}` })).status);
    // The websocket ask above used one of the three asks a minute this address has.
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

function get(requestPath: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: proxyPort, path: requestPath, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}
