import { LlmUnavailableError } from '../errors/index.js';

/**
 * A response body as text, read no further than `maxCharacters`: beyond it the body is cut (with
 * `truncate`) or refused as malformed, and the rest is never downloaded.
 */
export async function readBodyText(response: Response, maxCharacters: number, options: { truncate?: boolean } = {}): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
      if (text.length > maxCharacters) {
        if (options.truncate) return text.slice(0, maxCharacters);
        throw new LlmUnavailableError('malformed', `the LLM server sent a body longer than ${maxCharacters} characters`);
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
