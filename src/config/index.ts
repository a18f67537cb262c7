export { loadConfig, type TutorConfig, type LlmConfig, type ModelDtype, type LimitsConfig, type TrustProxy } from './load-config.js';
export type { InferenceSettings } from './inference-settings.js';
