import { ZodError } from 'zod';
import { BadRequestError, TutorError, type TutorErrorCode } from '../errors/index.js';

/** An error as clients see it: a code, a message safe to show, and the HTTP status it maps to. */
export interface ErrorPayload {
  code: TutorErrorCode;
  message: string;
  status: number;
  retryAfterMs?: number;
}

const statusByCode: Record<TutorErrorCode, number> = {
  BAD_REQUEST: 400,
  TOO_LARGE: 413,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  BUSY: 409,
  RESUMED_ELSEWHERE: 409,
  CONFIG_INVALID: 500,
  CORPUS_INVALID: 500,
  INDEX_INVALID: 503,
  STORE_INVALID: 503,
  MODEL_UNAVAILABLE: 503,
  LLM_UNAVAILABLE: 503,
  ABORTED: 499,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/**
 * The one place that turns any error into what a client is told, for websocket `error` messages and
 * HTTP JSON errors alike. Unknown errors become INTERNAL with a generic message: their details go to
 * the log, not to the client.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return toErrorPayload(new BadRequestError(`${where}${issue?.message ?? 'invalid request'}`));
  }
  if (error instanceof TutorError) {
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    return {
      code: error.code,
      message: error.message,
      status: statusByCode[error.code],
      ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
    };
  }
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  // express's sendFile reports a missing file this way.
  if ((error as { code?: unknown } | null)?.code === 'ENOENT' || (error as { status?: unknown } | null)?.status === 404) {
    return { code: 'NOT_FOUND', message: 'not found', status: 404 };
  }
  if (bodyParserType === 'entity.too.large') return { code: 'TOO_LARGE', message: 'the request body is too large', status: 413 };
  if (bodyParserType === 'entity.parse.failed') return { code: 'BAD_REQUEST', message: 'the request body is not valid JSON', status: 400 };
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return { code: 'BAD_REQUEST', message: 'the request body must be UTF-8 JSON', status: 400 };
  }
  return { code: 'INTERNAL', message: 'internal error', status: 500 };
}
