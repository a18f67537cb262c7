import type { Misconception } from '../ingest/index.js';
import { containsChinese, escapeRegExp, normalizeText, toSimplified } from '../text/index.js';

interface CompiledMisconception {
  misconception: Misconception;
  /** Per alternative, one pattern per group. */
  alternatives: RegExp[][];
  unless: RegExp | undefined;
}

/**
 * Finds the known wrong claims an answer makes about a record (see `corpus/misconceptions.jsonl`):
 * a misconception is made when one sentence holds a term of each group of one of its alternatives and
 * none of its `unless` terms. Lexical, so it catches the wrong claims someone wrote down, worded
 * closely enough — not every wrong claim.
 */
export class MisconceptionMatcher {
  private readonly byRecord = new Map<number, CompiledMisconception[]>();

  constructor(misconceptions: readonly Misconception[]) {
    for (const misconception of misconceptions) {
      const compiled: CompiledMisconception = {
        misconception,
        alternatives: misconception.patterns.map((groups) => groups.map((terms) => termsPattern(terms))),
        unless: misconception.unless.length === 0 ? undefined : termsPattern(misconception.unless),
      };
      this.byRecord.set(misconception.record, [...(this.byRecord.get(misconception.record) ?? []), compiled]);
    }
  }

  /** The record's misconceptions that the answer makes, in the overlay's order. */
  find(recordId: number, answer: string): Misconception[] {
    const compiled = this.byRecord.get(recordId);
    if (!compiled) return [];
    const sentences = splitClaims(normalizeText(toSimplified(answer).text));
    // A sentence, or one clause of it: "higher temperature is more deterministic, and low temperature
    // adds randomness" makes the claim though the sentence also names the opposite (an `unless` term).
    const spans = [...sentences, ...sentences.flatMap((sentence) => {
      const clauses = splitClauses(sentence);
      return clauses.length > 1 ? clauses : [];
    })];
    return compiled
      .filter(({ alternatives, unless }) => spans.some((span) => !unless?.test(span) && alternatives.some((groups) => groups.every((group) => group.test(span)))))
      .map(({ misconception }) => misconception);
  }
}

/** One pattern for a list of terms (the text is lower case): whole words for Latin-script terms, substrings for Chinese ones. */
function termsPattern(terms: readonly string[]): RegExp {
  const alternatives = [...terms]
    .sort((left, right) => right.length - left.length)
    .map((term) => {
      const body = escapeRegExp(term).replace(/\s+/gu, '\\s+');
      if (containsChinese(term)) return body;
      // A word ends only at Latin letters and digits ("LLM只有" holds the word "llm"); a term that
      // starts or ends with a symbol ("/", "√") needs no boundary on that side.
      const before = /^[a-z0-9_]/u.test(term) ? '(?<![a-z0-9_])' : '';
      const after = /[a-z0-9_]$/u.test(term) ? '(?![a-z0-9_])' : '';
      return `${before}${body}${after}`;
    });
  return new RegExp(alternatives.join('|'), 'u');
}

/**
 * Sentences, to keep a claim's subject and predicate together: cut at a full stop before a space (so
 * "0.8" stays whole), at ! ? ; (NFKC has made the Chinese full-width ones ASCII), 。 and line ends.
 */
function splitClaims(text: string): string[] {
  return text.split(/(?<=\.)\s+|[!?;。！？；\n]+/u).filter((sentence) => sentence.trim() !== '');
}

/**
 * Clauses of a sentence: cut at the conjunctions that join two claims. Not at a bare Chinese comma,
 * which often parts a subject from its predicate ("温度越高，输出越随机") and would lose the context
 * ("QLoRA …，在 4-bit 模型上训练 LoRA").
 */
function splitClauses(sentence: string): string[] {
  return sentence.split(/,?\s+(?:and|but|while|whereas)\s+|[，,]\s*(?:而且|但是|但|而|所以)|(?:，|^)而/u).filter((clause) => clause.trim() !== '');
}
