import { createRequire } from 'node:module';
import type { Converter as OpenCcConverter } from 'opencc-js';
import { HAN_RANGES } from './han-characters.js';

const require = createRequire(import.meta.url);

/** Text in Simplified Chinese, and whether the learner wrote it in Traditional characters. */
export interface SimplifiedText {
  text: string;
  traditional: boolean;
}

type Convert = (text: string) => string;
let simplify: Convert | undefined;
let traditionalize: Convert | undefined;
const hanCharacters = new RegExp(`[${HAN_RANGES}]`, 'gu');

/**
 * Builds OpenCC's dictionaries (about half a second, once per process). Called at start-up so that
 * the first Traditional question does not pay for it; the converters are built on first use otherwise.
 */
export function prepareChineseScripts(): void {
  // Characters only, both ways: OpenCC's Taiwan phrase tables also rewrite terms (序列 → 串行, 参数 → 引數)
  // in ways that are wrong for machine learning.
  simplify ??= (require('opencc-js/t2cn') as { Converter: typeof OpenCcConverter }).Converter({ from: 'tw', to: 'cn' });
  traditionalize ??= (require('opencc-js/cn2t') as { Converter: typeof OpenCcConverter }).Converter({ from: 'cn', to: 'tw' });
}

/**
 * Converts Traditional Chinese (繁體) to Simplified, in which the bank is written, and says whether
 * the learner wrote Traditional: at least two characters, and a tenth of the Chinese characters,
 * changed. Simplified text keeps a character or two that the converter would also map (著 in 显著),
 * so below that the text is returned exactly as written.
 */
export function toSimplified(text: string): SimplifiedText {
  const characters = text.match(hanCharacters);
  if (!characters) return { text, traditional: false };
  prepareChineseScripts();
  const converted = (simplify as Convert)(text);
  if (converted === text) return { text, traditional: false };
  const convertedCharacters = converted.match(hanCharacters) ?? [];
  let changed = 0;
  characters.forEach((character, index) => {
    if (convertedCharacters[index] !== character) changed += 1;
  });
  const traditional = changed >= 2 && changed >= characters.length / 10;
  return traditional ? { text: converted, traditional } : { text, traditional };
}

/** Converts Simplified Chinese to Traditional characters, for answering a learner who wrote Traditional. */
export function toTraditional(text: string): string {
  prepareChineseScripts();
  return (traditionalize as Convert)(text);
}
