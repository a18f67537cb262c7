export { loadConfig, type TutorConfig, type LlmConfig, type ModelDtype, type LimitsConfig } from './load-config.js';
export type { TrustProxy } from './environment-schema.js';
export type { InferenceSettings } from './inference-settings.js';
export { RERANKER_THRESHOLDS, DEFAULT_RERANKER_THRESHOLDS, type RerankerThresholds } from './reranker-thresholds.js';
export { MODEL_FILES, modelFileFor } from './model-files.js';
