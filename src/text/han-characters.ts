/**
 * The CJK ideograph blocks the tutor reads as Chinese (Extension A, the unified block and the
 * compatibility ideographs), as the body of a character class. Every pattern that looks for Chinese
 * builds on this one range.
 */
export const HAN_RANGES = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

const hanCharacter = new RegExp(`[${HAN_RANGES}]`, 'u');

/** True when the text holds at least one Chinese (CJK ideograph) character. */
export function containsChinese(text: string): boolean {
  return hanCharacter.test(text);
}
