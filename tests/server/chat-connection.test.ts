import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/runtime/index.js';
import { ChatConnection, SessionStore } from '../../src/server/index.js';
import type { Tutor } from '../../src/tutor/index.js';

/** A socket stand-in whose unread data the test sets. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: Record<string, unknown>[] = [];
  terminated = false;

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close', 1006);
  }

  close(): void {
    this.readyState = 2;
  }

  pause(): void {}
}

function connect() {
  const { limits } = loadConfig({});
  const socket = new FakeSocket();
  const sessions = new SessionStore({ maxSessions: 10, sessionsPerOwner: 10, idleMs: 60_000, historyBudget: { messages: 20, characters: 24_000 } });
  const tutor = { records: { length: 50 } } as unknown as Tutor;
  new ChatConnection(socket as unknown as WebSocket, { tutor, sessions, limits, logger: createLogger('silent'), llm: { mode: 'extractive' }, owner: '203.0.113.1' });
  return { socket, limits, sessions };
}

describe('ChatConnection', () => {
  it('checks unread data before every send, not only answer tokens: a client over the limit is cut off', () => {
    const { socket, limits } = connect();
    expect(socket.sent).toEqual([expect.objectContaining({ type: 'ready' })]);
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'reset' })), false);
    expect(socket.sent).toHaveLength(2);
    socket.bufferedAmount = limits.maxBufferedBytes + 1;
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'reset' })), false);
    expect(socket.sent).toHaveLength(2);
    expect(socket.terminated).toBe(true);
  });

  it('reads nothing more once it has decided to close', () => {
    const { socket, limits } = connect();
    for (let index = 0; index < limits.maxProtocolErrors + 20; index += 1) socket.emit('message', Buffer.from('x'), false);
    expect(socket.readyState).toBe(2);
    expect(socket.sent.filter((message) => message['type'] === 'error')).toHaveLength(limits.maxProtocolErrors - 1);
  });

  it('stores no session for a connection that only connects, resets and cancels', () => {
    const { socket, sessions } = connect();
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'reset' })), false);
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'cancel', id: 1 })), false);
    expect(sessions.size).toBe(0);
  });
});
