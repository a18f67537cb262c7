export { loadConfig, type TutorConfig, type LlmConfig, type ModelDtype, type LimitsConfig } from './load-config.js';
