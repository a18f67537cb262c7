import { BadRequestError } from '../errors/index.js';

/** Command-line arguments split into flags and positional values. */
export interface ParsedArguments {
  flags: Set<string>;
  positionals: string[];
}

/**
 * Splits `--flag` switches from positional arguments, refusing flags the command does not know
 * (a typo such as `--jsn` should not silently become part of a question).
 */
export function parseArguments(argv: readonly string[], knownFlags: readonly string[]): ParsedArguments {
  const flags = new Set<string>();
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (const argument of argv) {
    if (onlyPositionals || !argument.startsWith('--')) {
      positionals.push(argument);
    } else if (argument === '--') {
      onlyPositionals = true;
    } else if (knownFlags.includes(argument)) {
      flags.add(argument);
    } else {
      throw new BadRequestError(`unknown option ${argument}; known: ${knownFlags.join(', ')}`, { field: argument });
    }
  }
  return { flags, positionals };
}
