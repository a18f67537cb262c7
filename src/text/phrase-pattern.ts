import { escapeRegExp } from './escape-reg-exp.js';
import type { Lexicon } from './lexicon.js';

/**
 * A pattern that finds any of the words or phrases in a text: whole words in English (a phrase's
 * spaces match any run of spaces), plain substrings in Chinese, which has no spaces between words.
 */
export function phrasePattern(entries: Iterable<string>, language: Lexicon['language'], flags = 'iu'): RegExp {
  const alternatives = [...entries]
    .sort((left, right) => right.length - left.length)
    .map((entry) => escapeRegExp(entry).replace(/\s+/gu, '\\s+'));
  if (alternatives.length === 0) return /(?!)/u;
  const body = alternatives.join('|');
  return new RegExp(language === 'en' ? `(?<![\\w'])(?:${body})(?![\\w'])` : `(?:${body})`, flags);
}
