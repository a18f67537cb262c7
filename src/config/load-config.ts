import path from 'node:path';
import { ConfigError } from '../errors/index.js';
import { environmentSchema, type TrustProxy } from './environment-schema.js';
import type { InferenceSettings } from './inference-settings.js';
import { DEFAULT_RERANKER_THRESHOLDS, RERANKER_THRESHOLDS, type RerankerThresholds } from './reranker-thresholds.js';

/** Validated, typed configuration; paths are absolute. */
export interface TutorConfig {
  port: number;
  host: string;
  /** The bank and its reviewed overlays (restorations, phrasings, concepts, key points). */
  corpus: { corpus: string; restorations: string; phrasings: string; concepts: string; keyPoints: string; misconceptions: string };
  indexDirectory: string;
  /** Where the SQLite store (`tutor.db`) keeps sessions, learners and progress (`DATA_DIR`). */
  dataDirectory: string;
  /** Empty when dense retrieval is switched off (`EMBED_MODEL=`): lexical retrieval only. */
  embedModel: string;
  embedDtype: ModelDtype;
  /** Empty when reranking with a cross-encoder is switched off (`RERANK_MODEL=`). */
  rerankModel: string;
  rerankDtype: ModelDtype;
  rerankCandidates: number;
  /** The cross-encoder's scope thresholds: RERANK_THRESHOLDS, else the model's entry in RERANKER_THRESHOLDS. */
  rerankThresholds: RerankerThresholds;
  /** The longest a question waits for the cross-encoder before it is reranked lexically (`RERANK_WAIT_BUDGET_MS`). */
  rerankWaitBudgetMs: number;
  /** Threads and spinning of the model sessions, and the cross-encoder's query cap (`MODEL_THREADS`, `MODEL_SPINNING`, `RERANK_QUERY_TOKENS`). */
  inference: InferenceSettings;
  modelsDirectory: string | undefined;
  modelsOffline: boolean;
  llm: LlmConfig | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  limits: LimitsConfig;
  /** Origins allowed to open the websocket besides the page's own (`ALLOWED_ORIGINS`, comma-separated). */
  allowedOrigins: string[];
  /** Host names (`Host` header) served besides the defaults; `*` serves any (`ALLOWED_HOSTS`, comma-separated). */
  allowedHosts: string[];
  /** Which proxies' `X-Forwarded-For` is believed when telling clients apart (`TRUST_PROXY`). */
  trustProxy: TrustProxy;
}

/** Bounds on what one client can send and what a session keeps. */
export interface LimitsConfig {
  /** Longest learner message, in characters. */
  maxMessageCharacters: number;
  /** Largest websocket frame or HTTP body, in bytes. */
  maxPayloadBytes: number;
  /** Messages (user and assistant) a session keeps. */
  historyMessages: number;
  /** Characters a session's history keeps. */
  historyCharacters: number;
  /** Characters one history entry keeps; the rest is cut with a marker. */
  historyEntryCharacters: number;
  /** How long an idle session is kept for resuming. */
  sessionIdleMs: number;
  /** How long a learner's practice progress is kept after their last practice (`LEARNER_IDLE_DAYS`). */
  learnerIdleMs: number;
  /** Sessions kept at most; empty ones, then the oldest of the address holding most, are dropped first. */
  maxSessions: number;
  /** Sessions one IP address (an IPv6 /64) may hold. */
  sessionsPerIp: number;
  /** Longest time one answer may take. */
  answerTimeoutMs: number;
  /** Asks one websocket connection may send per minute. */
  asksPerMinutePerConnection: number;
  /** Asks (websocket and HTTP) one IP address may send per minute. */
  asksPerMinutePerIp: number;
  /** Websocket connections one IP address may hold at once. */
  connectionsPerIp: number;
  /** Websocket connections one IP address may open per minute. */
  connectionsPerMinutePerIp: number;
  /** TCP connections (HTTP and websocket) one IP address may hold open; 0: no cap. Not applied behind a trusted proxy. */
  socketsPerIp: number;
  /** Time a new TCP connection has to send its first request. */
  firstRequestTimeoutMs: number;
  /** Websocket frames (any kind) a connection may send per second, on average... */
  framesPerSecond: number;
  /** ...and at once, after a quiet spell. */
  frameBurst: number;
  /** Invalid or excess frames after which a connection is closed with 1008. */
  maxProtocolErrors: number;
  /** Unread bytes queued for a client, checked before every send; a client over it is cut off. */
  maxBufferedBytes: number;
  /** Interval of websocket pings; a connection that misses one is closed. */
  heartbeatMs: number;
  /** How long SIGTERM waits for answers in flight. */
  shutdownGraceMs: number;
  /** Consecutive LLM failures that open the circuit breaker. */
  llmFailuresToOpen: number;
  /** How long the breaker stays open before a trial request. */
  llmRetryAfterMs: number;
}

/** Weight formats transformers.js can load. */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';

/** Where the OpenAI-compatible server is and how to talk to it. */
export interface LlmConfig {
  baseUrl: string;
  model: string | undefined;
  apiKey: string | undefined;
  timeoutMs: number;
  /** Longest answer, in tokens (`max_tokens` of every answer request). */
  maxTokens: number;
}

/**
 * Reads and validates the configuration from an environment (normally `process.env`).
 * Empty strings count as unset so that `LLM_BASE_URL=` in a shell or compose file switches the LLM off.
 * @throws ConfigError naming the first bad variable and its value.
 */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>, workingDirectory = process.cwd()): TutorConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = environment[key];
    if (value !== undefined && (value.trim() !== '' || key === 'RERANK_MODEL' || key === 'EMBED_MODEL')) relevant[key] = value.trim();
  }
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, relevant[variable], issue?.message ?? 'invalid value');
  }
  const values = parsed.data;
  if (values.HISTORY_ENTRY_CHARS > values.HISTORY_CHARS) {
    throw new ConfigError('HISTORY_ENTRY_CHARS', String(values.HISTORY_ENTRY_CHARS), `must not exceed HISTORY_CHARS (${values.HISTORY_CHARS}): one entry has to fit the history`);
  }
  if (values.RERANK_QUERY_TOKENS * 2 > values.RERANK_MAX_TOKENS) {
    throw new ConfigError(
      'RERANK_QUERY_TOKENS',
      String(values.RERANK_QUERY_TOKENS),
      `must be at most half of RERANK_MAX_TOKENS (${values.RERANK_MAX_TOKENS}): the passage needs the rest of the pair`,
    );
  }
  const resolve = (value: string) => path.resolve(workingDirectory, value);
  return {
    port: values.PORT,
    host: values.HOST,
    corpus: {
      corpus: resolve(values.CORPUS_PATH),
      restorations: resolve(values.CORPUS_OVERLAY_PATH),
      phrasings: resolve(values.PHRASINGS_PATH),
      concepts: resolve(values.CONCEPTS_PATH),
      keyPoints: resolve(values.KEY_POINTS_PATH),
      misconceptions: resolve(values.MISCONCEPTIONS_PATH),
    },
    indexDirectory: resolve(values.INDEX_DIR),
    dataDirectory: resolve(values.DATA_DIR),
    embedModel: switchedOff(values.EMBED_MODEL) ? '' : values.EMBED_MODEL,
    embedDtype: values.EMBED_DTYPE,
    rerankModel: switchedOff(values.RERANK_MODEL) ? '' : values.RERANK_MODEL,
    rerankDtype: values.RERANK_DTYPE,
    rerankCandidates: values.RERANK_CANDIDATES,
    rerankThresholds: values.RERANK_THRESHOLDS ?? RERANKER_THRESHOLDS[values.RERANK_MODEL] ?? DEFAULT_RERANKER_THRESHOLDS,
    rerankWaitBudgetMs: values.RERANK_WAIT_BUDGET_MS,
    inference: {
      // 0: onnxruntime's own default, one thread per core.
      intraOpThreads: values.MODEL_THREADS === 0 ? undefined : values.MODEL_THREADS,
      spinning: values.MODEL_SPINNING,
      maxQueryTokens: values.RERANK_QUERY_TOKENS,
      maxPairTokens: values.RERANK_MAX_TOKENS,
    },
    modelsDirectory: values.MODELS_DIR === undefined ? undefined : resolve(values.MODELS_DIR),
    modelsOffline: values.MODELS_OFFLINE,
    llm:
      values.LLM_BASE_URL === undefined
        ? undefined
        : {
            baseUrl: values.LLM_BASE_URL.replace(/\/+$/, ''),
            model: values.LLM_MODEL,
            apiKey: values.LLM_API_KEY,
            timeoutMs: values.LLM_TIMEOUT_MS,
            maxTokens: values.LLM_MAX_TOKENS,
          },
    logLevel: values.LOG_LEVEL,
    limits: {
      maxMessageCharacters: values.MAX_MESSAGE_CHARS,
      maxPayloadBytes: values.MAX_PAYLOAD_BYTES,
      historyMessages: values.HISTORY_MESSAGES,
      historyCharacters: values.HISTORY_CHARS,
      historyEntryCharacters: values.HISTORY_ENTRY_CHARS,
      sessionIdleMs: values.SESSION_IDLE_MS,
      learnerIdleMs: values.LEARNER_IDLE_DAYS * 86_400_000,
      maxSessions: values.MAX_SESSIONS,
      sessionsPerIp: values.SESSIONS_PER_IP,
      answerTimeoutMs: values.ANSWER_TIMEOUT_MS,
      asksPerMinutePerConnection: values.ASKS_PER_MINUTE_PER_CONNECTION,
      asksPerMinutePerIp: values.ASKS_PER_MINUTE_PER_IP,
      connectionsPerIp: values.CONNECTIONS_PER_IP,
      connectionsPerMinutePerIp: values.CONNECTIONS_PER_MINUTE_PER_IP,
      socketsPerIp: values.SOCKETS_PER_IP,
      firstRequestTimeoutMs: values.FIRST_REQUEST_TIMEOUT_MS,
      framesPerSecond: values.FRAMES_PER_SECOND,
      frameBurst: values.FRAME_BURST,
      maxProtocolErrors: values.MAX_PROTOCOL_ERRORS,
      maxBufferedBytes: values.MAX_BUFFERED_BYTES,
      heartbeatMs: values.HEARTBEAT_MS,
      shutdownGraceMs: values.SHUTDOWN_GRACE_MS,
      llmFailuresToOpen: values.LLM_FAILURES_TO_OPEN,
      llmRetryAfterMs: values.LLM_RETRY_AFTER_MS,
    },
    allowedOrigins: values.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim().replace(/\/+$/u, ''))
      .filter(Boolean),
    allowedHosts: values.ALLOWED_HOSTS.split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    trustProxy: values.TRUST_PROXY,
  };
}

/** `none` (any case) or empty: the model is switched off. */
function switchedOff(model: string): boolean {
  return model === '' || model.toLowerCase() === 'none';
}
