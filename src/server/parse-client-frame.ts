import type { RawData } from 'ws';
import { BadRequestError } from '../errors/index.js';
import { clientMessageSchema, type AskId, type ClientMessage } from './protocol.js';

/** A frame read as a client message, or why it is not one (with the ask id when it names one). */
export type ParsedFrame = { ok: true; message: ClientMessage } | { ok: false; error: unknown; id?: AskId };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one websocket frame: a UTF-8 text frame holding JSON that the protocol schema accepts. Bad
 * frames are described, not thrown, so the connection can answer with a clear error and count it.
 */
export function parseClientFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, error: new BadRequestError('binary frames are not accepted; send JSON text') };
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, error: new BadRequestError('the message is not valid UTF-8') };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: new BadRequestError('the message is not valid JSON') };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = (json as { id?: unknown } | null)?.id;
  return { ok: false, error: parsed.error, ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}) };
}
