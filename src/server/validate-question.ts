import { BadRequestError, TooLargeError } from '../errors/index.js';

/**
 * Checks a learner's message: not empty or blank, within the length limit, and free of lone UTF-16
 * surrogates (what invalid UTF-8 decodes to), which would corrupt the prompt and the logs.
 */
export function validateQuestion(text: string, maxCharacters: number): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new BadRequestError('text must not be empty', { field: 'text' });
  if (trimmed.length > maxCharacters) throw new TooLargeError('text', trimmed.length, maxCharacters);
  if (!trimmed.isWellFormed()) throw new BadRequestError('text is not valid Unicode', { field: 'text' });
  return trimmed;
}
