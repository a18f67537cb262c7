export { createLogger, type Logger } from './logger.js';
export { openIndex, type OpenedIndex, type OpenIndexOptions } from './open-index.js';
export { loadModels, type LoadedModels } from './load-models.js';
export { createRuntime, type TutorRuntime, type CreateRuntimeOptions, type LoadedModelInfo } from './create-runtime.js';
