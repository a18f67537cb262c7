export { ModelWorkerClient, type ModelWorkerClientOptions, type EmbedTextsRequest, type ScorePairsRequest } from './model-worker-client.js';
export {
  resolveModelSource,
  requiredModelFiles,
  DEFAULT_REMOTE_HOST,
  DEFAULT_REMOTE_TIMEOUT_MS,
  type ModelSource,
  type ModelSourceOptions,
} from './configure-model-source.js';
export { createTimedFetch, RemoteTimeoutError } from './create-timed-fetch.js';
export { DEFAULT_INFERENCE_SETTINGS, toSessionOptions } from './inference-settings.js';
export type { ModelKind, ModelReference, LoadResult } from './model-worker-protocol.js';
