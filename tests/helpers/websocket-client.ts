import WebSocket from 'ws';

/** A message received from the server. */
export type Received = Record<string, unknown> & { type: string };

/** A test client for `/ws` that queues what it receives and waits for what a test expects. */
export interface TestSocket {
  socket: WebSocket;
  received: Received[];
  send(message: unknown): void;
  /** The next message (after those already taken) matching the predicate; fails after `timeoutMs`. */
  next(predicate?: (message: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Every message up to and including the one that ends the ask (`done` or `error` with that id). */
  collectAnswer(id: string | number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** Opens a websocket to the server and waits for it to be open. */
export async function connectTestSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
  const socket = new WebSocket(url, options);
  const received: Received[] = [];
  let taken = 0;
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Received);
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('close', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with ${response.statusCode}`)));
  });

  const next = async (predicate: (message: Received) => boolean = () => true, timeoutMs = 10_000): Promise<Received> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (taken < received.length) {
        const message = received[taken] as Received;
        taken += 1;
        if (predicate(message)) return message;
      }
      if (socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting; received ${JSON.stringify(received.slice(-3))}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting; received ${JSON.stringify(received.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  return {
    socket,
    received,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next,
    collectAnswer: async (id, timeoutMs = 10_000) => {
      const messages: Received[] = [];
      for (;;) {
        const message = await next((candidate) => candidate['id'] === id, timeoutMs);
        messages.push(message);
        if (message.type === 'done' || message.type === 'error') return messages;
      }
    },
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}

/** Opens a websocket to the server and waits for its first `ready` (the fresh session). */
export async function openTestSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<{ client: TestSocket; ready: Received }> {
  const client = await connectTestSocket(url, options);
  const ready = await client.next((message) => message.type === 'ready');
  return { client, ready };
}

/**
 * Opens a new connection and resumes a session with its token, as the page does: the fresh session's
 * `ready` first, then the resume's answer (`ready` for the session, or an error).
 */
export async function resumeTestSocket(url: string, ready: Received, options: WebSocket.ClientOptions = {}): Promise<{ client: TestSocket; reply: Received }> {
  const { client } = await openTestSocket(url, options);
  client.send({ type: 'resume', session: ready['session'], token: ready['resumeToken'] });
  const reply = await client.next((message) => message.type === 'ready' || message.type === 'error');
  return { client, reply };
}
