import { describe, expect, it } from 'vitest';
import { parseServerSentEvents, type ServerSentEvent } from '../../src/generation/parse-server-sent-events.js';

const encoder = new TextEncoder();

function streamOf(chunks: readonly Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      onCancel?.();
    },
  });
}

async function parseAll(chunks: readonly Uint8Array[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

/** Every way of cutting the bytes in two, plus one byte per chunk. */
function splittings(bytes: Uint8Array): Uint8Array[][] {
  const result: Uint8Array[][] = [];
  for (let cut = 0; cut <= bytes.length; cut += 1) result.push([bytes.slice(0, cut), bytes.slice(cut)]);
  result.push(Array.from(bytes, (byte) => Uint8Array.of(byte)));
  return result;
}

const dataOf = (events: readonly ServerSentEvent[]) => events.map((event) => event.data);

describe('parseServerSentEvents', () => {
  it('reads several events from one chunk', async () => {
    const events = await parseAll([encoder.encode('data: {"a":1}\n\ndata: [DONE]\n\n')]);
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}', id: undefined },
      { event: 'message', data: '[DONE]', id: undefined },
    ]);
  });

  it('gives the same events however the bytes are cut, with CRLF, CR, comments and Chinese text', async () => {
    const text =
      ': ping\r\n\r\ndata: {"content":"你好，世界"}\r\n\r\nevent: update\rdata: 第一行\rdata: second 🙂\r\rdata:no-space\n\n';
    const expected = ['{"content":"你好，世界"}', '第一行\nsecond 🙂', 'no-space'];
    for (const chunks of splittings(encoder.encode(text))) {
      const events = await parseAll(chunks);
      expect(dataOf(events)).toEqual(expected);
      expect(events[1]?.event).toBe('update');
    }
  });

  it('decodes a multibyte character split between chunks', async () => {
    const bytes = encoder.encode('data: 大语言模型\n\n');
    // "大" is three bytes starting at offset 6: cut after its first and after its second byte.
    const events = await parseAll([bytes.slice(0, 7), bytes.slice(7, 8), bytes.slice(8)]);
    expect(dataOf(events)).toEqual(['大语言模型']);
  });

  it('treats a CRLF split between chunks as one line ending, not a blank line', async () => {
    const events = await parseAll([encoder.encode('data: a\r'), encoder.encode('\ndata: b\r\n\r\n')]);
    expect(dataOf(events)).toEqual(['a\nb']);
  });

  it('joins multi-line data and keeps empty data lines', async () => {
    const events = await parseAll([encoder.encode('data: line one\ndata\ndata: line three\n\n')]);
    expect(dataOf(events)).toEqual(['line one\n\nline three']);
  });

  it('skips comments and events without data, and carries the last id over', async () => {
    const events = await parseAll([encoder.encode(': keep-alive\n\nid: 7\nevent: ignored\n\ndata: x\n\nretry: 10\ndata: y\n\n')]);
    expect(events).toEqual([
      { event: 'message', data: 'x', id: '7' },
      { event: 'message', data: 'y', id: '7' },
    ]);
  });

  it('dispatches a finished last event without its blank line but drops a cut-off last line', async () => {
    expect(dataOf(await parseAll([encoder.encode('data: [DONE]\n')]))).toEqual(['[DONE]']);
    expect(dataOf(await parseAll([encoder.encode('data: whole\n\ndata: {"cho')]))).toEqual(['whole']);
  });

  it('strips a byte order mark at the start', async () => {
    expect(dataOf(await parseAll([Uint8Array.of(0xef, 0xbb, 0xbf), encoder.encode('data: x\n\n')]))).toEqual(['x']);
  });

  it('reads any async iterable of bytes', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: fr');
      yield encoder.encode('om a generator\n\n');
    }
    const events: ServerSentEvent[] = [];
    for await (const event of parseServerSentEvents(chunks())) events.push(event);
    expect(dataOf(events)).toEqual(['from a generator']);
  });

  it('cancels the source when the caller stops early', async () => {
    let cancelled = false;
    const source = streamOf([encoder.encode('data: 1\n\n'), encoder.encode('data: 2\n\n')], () => {
      cancelled = true;
    });
    for await (const event of parseServerSentEvents(source)) {
      expect(event.data).toBe('1');
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled).toBe(true);
  });

  it('passes on an error of the source', async () => {
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(encoder.encode('data: 1\n\ndata: cut'));
        else controller.error(new Error('socket closed'));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of parseServerSentEvents(source)) seen.push(event.data);
      })(),
    ).rejects.toThrow('socket closed');
    expect(seen).toEqual(['1']);
  });
});

describe('parseServerSentEvents limits', () => {
  it('ends the stream at a line longer than the limit, without reading the rest and without waiting for its end', async () => {
    const chunk = encoder.encode('x'.repeat(1024));
    const chunks = [encoder.encode('data: '), ...Array.from({ length: 4096 }, () => chunk)];
    let cancelled = false;
    let pulled = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks[pulled++];
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
      cancel() {
        cancelled = true;
      },
    });
    const events = parseServerSentEvents(source, { maxCharacters: 64 * 1024 });
    await expect(events.next()).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE', reason: 'malformed', message: expect.stringContaining('line longer than 65536') });
    expect(pulled).toBeLessThan(100);
    expect(cancelled).toBe(true);
  });

  it('ends the stream at an event whose data lines together pass the limit', async () => {
    const lines = encoder.encode(`${'data: 0123456789\n'.repeat(100)}\n`);
    const events = parseServerSentEvents(streamOf([lines]), { maxCharacters: 500 });
    await expect(events.next()).rejects.toMatchObject({ reason: 'malformed', message: expect.stringContaining('event longer than 500') });
  });

  it('still reads lines and events up to the limit', async () => {
    const events: ServerSentEvent[] = [];
    for await (const event of parseServerSentEvents(streamOf([encoder.encode(`data: ${'y'.repeat(490)}\n\n`)]), { maxCharacters: 500 })) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'y'.repeat(490), id: undefined }]);
  });
});
