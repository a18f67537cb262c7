/** True when the learner asks for an example ("Give me an example", "能举个例子吗？"). */
export function detectExampleRequest(text: string): boolean {
  return /\b(?:example|examples|instance|illustrate|illustration)\b|例子|举例|举个|实例|比如说/iu.test(text);
}
