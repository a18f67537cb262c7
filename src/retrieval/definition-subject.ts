import { tokenize } from '../text/index.js';

const definitionalQuestion = /^\s*(?:what(?:'s|\s+is|\s+are|\s+does|\s+do)|define|definition\s+of|meaning\s+of|explain)\b|什么是|是什么|何为|的定义|指什么/iu;

const englishSubject = /^\s*what\s+(?:is|are|defines|does)\s+(?:an?\s+|the\s+)?(.+?)(?:,|\?|\s+and\s+|\s+mean\b|$)/iu;
const chineseLeadingSubject = /^\s*什么是([^,，?？]+)/u;
const chineseTrailingSubject = /^\s*([^,，?？]+?)是什么/u;

/** True when a learner's question asks what something is ("What is X?", "什么是X？", "define X"). */
export function isDefinitionalQuestion(text: string): boolean {
  return definitionalQuestion.test(text);
}

/**
 * The terms of what a bank question defines, when it is a definition question: "What are embeddings,
 * and how are they initialized?" defines embeddings; "什么是词元化(Tokenization)，…" defines 词元化 and
 * tokenization. Undefined for other questions ("How are gradients computed for embeddings?").
 */
export function definitionSubject(question: string): string[] | undefined {
  const match = englishSubject.exec(question) ?? chineseLeadingSubject.exec(question) ?? chineseTrailingSubject.exec(question);
  const subject = match?.[1]?.trim();
  if (!subject) return undefined;
  const terms = tokenize(subject);
  return terms.length > 0 ? terms : undefined;
}

/**
 * The first few terms of a bank question: where its grammatical subject stands once question words
 * are dropped ("How does the attention mechanism function…" → attention, mechanism; "Softmax函数在
 * 注意力机制中…" → softmax, 函数). A question about X names X first; one that mentions X later is
 * usually about something else applied to X.
 */
export function leadingTopic(question: string, size = 4): string[] {
  return tokenize(question).slice(0, size);
}
