import { pino, type Logger as PinoLogger } from 'pino';

/** The structured logger every part writes to: one JSON line per event. */
export type Logger = PinoLogger;

/**
 * A JSON-lines logger on stderr (stdout stays free for command output such as `npm run ask -- --json`).
 * The API key is redacted wherever it appears in a logged object.
 */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'error' | 'silent'): Logger {
  return pino(
    {
      level,
      base: null,
      redact: { paths: ['apiKey', '*.apiKey', 'llm.apiKey', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination({ dest: 2, sync: false }),
  );
}
