import { escapeRegExp } from './escape-reg-exp.js';

/**
 * A RegExp source that finds `text` inside a longer run of text (as Chinese words are found), except
 * that a number at either end of it is whole: "4位" is not in "64位" or "4.5位", "为0" not in "为0.02".
 */
export function substringPattern(text: string): string {
  const before = /^[0-9]/u.test(text) ? '(?<![0-9.])' : '';
  const after = /[0-9]$/u.test(text) ? '(?!\\.?[0-9])' : '';
  return `${before}${escapeRegExp(text)}${after}`;
}
