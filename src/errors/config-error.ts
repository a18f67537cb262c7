import { TutorError } from './tutor-error.js';

/** A configuration variable holds a value the tutor cannot use. */
export class ConfigError extends TutorError {
  readonly variable: string;
  readonly value: string | undefined;

  constructor(variable: string, value: string | undefined, reason: string) {
    super('CONFIG_INVALID', `${variable}=${JSON.stringify(value ?? '')} is invalid: ${reason}`);
    this.variable = variable;
    this.value = value;
  }
}
