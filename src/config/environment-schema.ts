import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** Which reverse proxies are trusted to name the client's address. */
export type TrustProxy = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'subnets'; subnets: string[] };

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** `RERANK_THRESHOLDS`: `accept,reject`, two probabilities with reject below accept. */
const thresholdsSchema = z
  .string()
  .regex(/^\s*(0(\.\d+)?|1(\.0+)?)\s*,\s*(0(\.\d+)?|1(\.0+)?)\s*$/u, 'must be two probabilities "accept,reject", e.g. 0.5,0.02')
  .transform((value) => {
    const [accept, reject] = value.split(',').map(Number) as [number, number];
    return { accept, reject };
  })
  .refine((value) => value.reject < value.accept, 'the reject probability must be below the accept probability');

const positiveInteger = (minimum: number, maximum: number) =>
  z.coerce.number().int().min(minimum).max(maximum);

/**
 * `TRUST_PROXY`: `off` (the default: the socket's address is the client's), a number of proxy hops to
 * trust, or a comma-separated list of addresses and subnets (CIDR, or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`) whose `X-Forwarded-For` is believed.
 */
const trustProxySchema = z
  .string()
  .transform((value, context): TrustProxy => {
    const text = value.trim().toLowerCase();
    if (['off', 'false', 'no', '0'].includes(text)) return { kind: 'off' };
    if (/^\d+$/u.test(text)) return { kind: 'hops', hops: Number(text) };
    const subnets = text.split(',').map((part) => part.trim()).filter(Boolean);
    try {
      proxyAddr.compile(subnets);
    } catch (error) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `expected off, a hop count or addresses/subnets (${(error as Error).message})` });
      return z.NEVER;
    }
    return { kind: 'subnets', subnets };
  });

/** The tutor's environment variables, each with its default (read by `loadConfig`, nowhere else). */
export const environmentSchema = z.object({
  PORT: positiveInteger(0, 65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CORPUS_PATH: z.string().min(1).default('corpus/llm-interview-50.en-zh.txt'),
  CORPUS_OVERLAY_PATH: z.string().min(1).default('corpus/restorations.json'),
  PHRASINGS_PATH: z.string().min(1).default('corpus/phrasings.jsonl'),
  CONCEPTS_PATH: z.string().min(1).default('corpus/concepts.jsonl'),
  KEY_POINTS_PATH: z.string().min(1).default('corpus/key-points.jsonl'),
  MISCONCEPTIONS_PATH: z.string().min(1).default('corpus/misconceptions.jsonl'),
  INDEX_DIR: z.string().min(1).default('index'),
  DATA_DIR: z.string().min(1).default('data'),
  EMBED_MODEL: z.string().default('Xenova/multilingual-e5-small'),
  EMBED_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']).default('q8'),
  RERANK_MODEL: z.string().default('cross-encoder/mmarco-mMiniLMv2-L12-H384-v1'),
  RERANK_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']).default('q8'),
  // Of the 12 retrieved (and up to 3 records whose phrasings match): more would change nothing.
  RERANK_CANDIDATES: positiveInteger(1, 15).default(6),
  RERANK_QUERY_TOKENS: positiveInteger(8, 512).default(96),
  RERANK_MAX_TOKENS: positiveInteger(32, 8192).default(512),
  RERANK_THRESHOLDS: thresholdsSchema.optional(),
  RERANK_WAIT_BUDGET_MS: positiveInteger(0, 60_000).default(500),
  MODEL_THREADS: positiveInteger(0, 64).default(0),
  MODEL_SPINNING: booleanFlag.default('0'),
  MODELS_DIR: z.string().min(1).optional(),
  MODELS_OFFLINE: booleanFlag.default('0'),
  LLM_BASE_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
    .optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: positiveInteger(100, 600_000).default(30_000),
  LLM_MAX_TOKENS: positiveInteger(16, 32_768).default(700),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MAX_MESSAGE_CHARS: positiveInteger(1, 100_000).default(4000),
  MAX_PAYLOAD_BYTES: positiveInteger(1024, 16 * 1024 * 1024).default(64 * 1024),
  HISTORY_MESSAGES: positiveInteger(2, 200).default(20),
  HISTORY_CHARS: positiveInteger(1000, 1_000_000).default(24_000),
  HISTORY_ENTRY_CHARS: positiveInteger(200, 1_000_000).default(4000),
  SESSION_IDLE_MS: positiveInteger(1000, 7 * 24 * 3_600_000).default(30 * 60_000),
  MAX_SESSIONS: positiveInteger(1, 1_000_000).default(1000),
  LEARNER_IDLE_DAYS: positiveInteger(1, 36_500).default(365),
  SESSIONS_PER_IP: positiveInteger(1, 1_000_000).default(50),
  ANSWER_TIMEOUT_MS: positiveInteger(1000, 3_600_000).default(120_000),
  ALLOWED_ORIGINS: z.string().default(''),
  ALLOWED_HOSTS: z.string().default(''),
  TRUST_PROXY: trustProxySchema.default('off'),
  ASKS_PER_MINUTE_PER_CONNECTION: positiveInteger(1, 100_000).default(20),
  ASKS_PER_MINUTE_PER_IP: positiveInteger(1, 1_000_000).default(40),
  CONNECTIONS_PER_IP: positiveInteger(1, 100_000).default(20),
  CONNECTIONS_PER_MINUTE_PER_IP: positiveInteger(1, 1_000_000).default(120),
  SOCKETS_PER_IP: positiveInteger(0, 1_000_000).default(64),
  FIRST_REQUEST_TIMEOUT_MS: positiveInteger(100, 600_000).default(10_000),
  FRAMES_PER_SECOND: positiveInteger(1, 100_000).default(5),
  FRAME_BURST: positiveInteger(1, 100_000).default(20),
  MAX_PROTOCOL_ERRORS: positiveInteger(1, 100_000).default(10),
  MAX_BUFFERED_BYTES: positiveInteger(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  HEARTBEAT_MS: positiveInteger(100, 3_600_000).default(30_000),
  SHUTDOWN_GRACE_MS: positiveInteger(0, 600_000).default(10_000),
  LLM_FAILURES_TO_OPEN: positiveInteger(1, 1000).default(3),
  LLM_RETRY_AFTER_MS: positiveInteger(100, 3_600_000).default(30_000),
});
