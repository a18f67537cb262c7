import { TutorError } from './tutor-error.js';

/** A transformers.js model could not be loaded (not cached, offline, or broken files). */
export class ModelUnavailableError extends TutorError {
  readonly modelId: string;

  constructor(modelId: string, reason: string, options: { cause?: unknown } = {}) {
    super('MODEL_UNAVAILABLE', `model ${modelId} is unavailable: ${reason}`, options);
    this.modelId = modelId;
  }
}
