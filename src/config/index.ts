export { loadConfig, type TutorConfig, type LlmConfig, type ModelDtype } from './load-config.js';
