import type { CorpusRecord, Language } from '../ingest/index.js';
import { chineseLexicon, englishLexicon, escapeRegExp, splitSentences } from '../text/index.js';

/** What a sentence of a model answer does. */
export type SentenceRole = 'definition' | 'example' | 'statement';

/**
 * A unit of a model answer that can stand on its own: a sentence, or a sentence that introduces a
 * formula or a list together with it ("Attention scores are computed as:" + the formula), so that no
 * answer ever ends on a colon.
 */
export interface AnswerUnit {
  /** Position in the answer. */
  index: number;
  role: SentenceRole;
  /** The unit's lines, joined by newlines when it holds a formula or a list. */
  text: string;
  /** True when the unit holds a formula (restored ⟦$…$⟧ or a line of the form `f(x) = …`). */
  formula: boolean;
}

// "For example, …", "例如，…", or early in the sentence ("This approach, with k = 5, for instance, …").
const earlyMarker = new RegExp(
  `^.{0,40}?(?:${[...englishLexicon.exampleMarkers.filter((marker) => marker !== 'like' && marker !== 'such as'), ...chineseLexicon.exampleMarkers].map(escapeRegExp).join('|')})[,，]`,
  'iu',
);
// "A clear prompt, like “Summarize this article…”": an example given in quotes after like / such as / 如.
const quotedExample = /(?:\blike\b|\bsuch as\b|如|比如|例如)\s*[“"「]/iu;
const formulaLine = /⟦\$|^[^.!?。]{0,80}=\s*[^=]/u;
const leadIn = /[:：]\s*$/u;

/**
 * Reads a model answer into units with their roles: the first unit defines (what the answer is about),
 * a unit that opens with "For example" / "例如" or quotes one after "like" / "如" is an example, the
 * rest are statements. Lists and formulas stay with the sentence that introduces them.
 */
export function readAnswerAnatomy(record: CorpusRecord, language: Language): AnswerUnit[] {
  const units: { lines: string[]; formula: boolean }[] = [];
  for (const sentence of splitSentences(record.answer[language])) {
    const previous = units.at(-1);
    const isListItem = sentence.startsWith('- ');
    const isFormula = formulaLine.test(sentence) && !/[a-z]{4,}[^=]*[a-z]{4,}\s+[a-z]{4,}/iu.test(sentence.replace(/⟦[^⟧]*⟧/gu, ''));
    // A list item or a bare formula belongs to the sentence before it when that sentence leads in.
    if (previous && (isListItem || isFormula) && (leadIn.test(previous.lines.at(-1) ?? '') || previous.lines.at(-1)?.startsWith('- '))) {
      previous.lines.push(sentence);
      previous.formula ||= isFormula;
      continue;
    }
    units.push({ lines: [sentence], formula: /⟦\$/u.test(sentence) || isFormula });
  }
  return units.map((unit, index) => {
    const text = unit.lines.join('\n');
    const first = unit.lines[0] ?? '';
    const plain = first.replace(/⟦[^⟧]*⟧/gu, 'X');
    const role: SentenceRole = index === 0 ? 'definition' : earlyMarker.test(plain) || quotedExample.test(plain) ? 'example' : 'statement';
    return { index, role, text, formula: unit.formula };
  });
}
