const chineseCharacter = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/** True when the text holds at least one Chinese (CJK ideograph) character. */
export function containsChinese(text: string): boolean {
  return chineseCharacter.test(text);
}
