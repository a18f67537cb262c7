import { LlmUnavailableError } from '../errors/index.js';

/** One event of a `text/event-stream`, as the WHATWG HTML standard defines its fields. */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the server named none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen so far in the stream (it carries over between events, as the standard says). */
  id: string | undefined;
}

/** A byte source: a WHATWG stream (such as `Response.body`) or any async iterable of chunks (such as a Node stream). */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Bounds of {@link parseServerSentEvents}. */
export interface ServerSentEventLimits {
  /** Longest line, and longest event (its data lines together), in characters (default 1 MiB). */
  maxCharacters?: number;
}

/**
 * A token delta is a few bytes; a line or an event beyond this is a broken or hostile server, and
 * buffering it would cost memory and time that other learners need.
 */
const defaultMaxCharacters = 1024 * 1024;

/**
 * Turns a byte stream into server-sent events, following the WHATWG parsing rules: lines end in LF, CR or CRLF
 * (also when a CRLF is split between chunks), `:` lines are comments, several `data:` lines make one multi-line
 * value, a blank line dispatches the event, and UTF-8 characters split between chunks are decoded whole.
 *
 * At the end of the stream an event whose lines all ended is still dispatched even without its closing blank line
 * (some servers omit it), but an unterminated last line is dropped: it is most likely a line cut off by a dropped
 * connection. When the caller stops iterating early, the source is cancelled so the connection can close.
 *
 * A line or an event longer than `maxCharacters` ends the stream with an `LlmUnavailableError` (`malformed`). Each
 * chunk is scanned once, so a long line arriving in many small chunks costs linear time.
 * @throws LlmUnavailableError when a line or an event is over the limit.
 */
export async function* parseServerSentEvents(source: ByteSource, limits: ServerSentEventLimits = {}): AsyncGenerator<ServerSentEvent, void, undefined> {
  const maxCharacters = limits.maxCharacters ?? defaultMaxCharacters;
  const decoder = new TextDecoder('utf-8');
  const event = new PendingEvent(maxCharacters);
  let buffer = '';
  // Where the search for the next line end resumes: the part before it holds none (bar a trailing CR).
  let scanned = 0;
  function* dispatchCompleteLines(atEndOfStream: boolean): Generator<ServerSentEvent, void, undefined> {
    let lineEnd: LineEnd | undefined;
    while ((lineEnd = findLineEnd(buffer, scanned, atEndOfStream)) !== undefined) {
      const dispatched = event.takeLine(buffer.slice(0, lineEnd.index));
      buffer = buffer.slice(lineEnd.index + lineEnd.length);
      scanned = 0;
      if (dispatched !== undefined) yield dispatched;
    }
    scanned = Math.max(0, buffer.length - 1);
    if (buffer.length > maxCharacters) throw tooLong('line', maxCharacters);
  }
  for await (const chunk of readChunks(source)) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* dispatchCompleteLines(false);
  }
  buffer += decoder.decode();
  yield* dispatchCompleteLines(true);
  const last = event.takeLine('');
  if (last !== undefined) yield last;
}

interface LineEnd {
  index: number;
  length: number;
}

const lineTerminator = /\r\n|\r|\n/g;

/**
 * Finds the first line terminator at or after `from`; a CR at the very end is held back until more input shows
 * whether an LF follows.
 */
function findLineEnd(buffer: string, from: number, atEndOfStream: boolean): LineEnd | undefined {
  lineTerminator.lastIndex = from;
  const match = lineTerminator.exec(buffer);
  if (match === null) return undefined;
  if (match[0] === '\r' && match.index === buffer.length - 1 && !atEndOfStream) return undefined;
  return { index: match.index, length: match[0].length };
}

/** The fields of the event being read, until a blank line dispatches it. */
class PendingEvent {
  private eventType = '';
  private dataLines: string[] = [];
  private dataCharacters = 0;
  private lastEventId: string | undefined;
  private readonly maxCharacters: number;

  constructor(maxCharacters: number) {
    this.maxCharacters = maxCharacters;
  }

  /** Consumes one line; returns the event when the line was blank and the event had data. */
  takeLine(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataCharacters += value.length + 1;
        if (this.dataCharacters > this.maxCharacters) throw tooLong('event', this.maxCharacters);
        this.dataLines.push(value);
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        // The standard ignores ids containing NUL so that they cannot truncate a Last-Event-ID header.
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      default:
        // `retry` and unknown fields do not matter to a client that never reconnects.
        break;
    }
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const hasData = this.dataLines.length > 0;
    const event: ServerSentEvent = {
      event: this.eventType === '' ? 'message' : this.eventType,
      data: this.dataLines.join('\n'),
      id: this.lastEventId,
    };
    this.eventType = '';
    this.dataLines = [];
    this.dataCharacters = 0;
    return hasData ? event : undefined;
  }
}

function tooLong(what: 'line' | 'event', maxCharacters: number): LlmUnavailableError {
  return new LlmUnavailableError('malformed', `the LLM server sent a stream ${what} longer than ${maxCharacters} characters`);
}

/** Yields the chunks of either kind of source; a WHATWG stream is cancelled when the caller stops early. */
async function* readChunks(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (!isReadableStream(source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Cancelling is not awaited: a source that never settles must not keep the caller waiting.
    if (!finished) reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function isReadableStream(source: ByteSource): source is ReadableStream<Uint8Array> {
  return typeof (source as Partial<ReadableStream<Uint8Array>>).getReader === 'function';
}
