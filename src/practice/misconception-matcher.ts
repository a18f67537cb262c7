import type { Misconception } from '../ingest/index.js';
import { containsChinese, escapeRegExp, normalizeText, substringPattern, toSimplified } from '../text/index.js';

interface CompiledMisconception {
  misconception: Misconception;
  /** Per alternative, one pattern per group. */
  alternatives: RegExp[][];
  unless: RegExp | undefined;
  /** Per alternative, the group terms that themselves hold an `unless` term ("does not keep"): not counted as one. */
  ownNegations: (RegExp | undefined)[];
}

/** A sentence, or a clause of it with the part of the sentence before the clause. */
interface Span {
  text: string;
  /** The sentence before the clause: a contrast or a negation there covers the clause too. */
  before: string;
  /** Where it is in the prepared text. */
  start: number;
  end: number;
  /** Which sentence it is, or is a clause of. */
  sentence: number;
  clause: boolean;
}

/**
 * Finds the known wrong claims an answer makes about a record (see `corpus/misconceptions.jsonl`):
 * a misconception is made when one sentence, or one clause of it, holds a term of each group of one of
 * its alternatives and none of its `unless` terms (for a clause: neither in the clause nor before it).
 * Lexical, so it catches the wrong claims someone wrote down, worded closely enough — not every one.
 */
export class MisconceptionMatcher {
  private readonly byRecord = new Map<number, CompiledMisconception[]>();

  constructor(misconceptions: readonly Misconception[]) {
    for (const misconception of misconceptions) {
      const unless = misconception.unless.length === 0 ? undefined : termsPattern(misconception.unless);
      const ownNegations = misconception.patterns.map((groups) => {
        const negated = unless ? groups.flat().filter((term) => prepare(term).search(unless) >= 0) : [];
        return negated.length === 0 ? undefined : termsPattern(negated);
      });
      const compiled: CompiledMisconception = {
        misconception,
        alternatives: misconception.patterns.map((groups) => groups.map((terms) => termsPattern(terms))),
        unless,
        ownNegations,
      };
      this.byRecord.set(misconception.record, [...(this.byRecord.get(misconception.record) ?? []), compiled]);
    }
  }

  /** The record's misconceptions that the answer makes, in the overlay's order. */
  find(recordId: number, answer: string): Misconception[] {
    return this.locate(recordId, answer).misconceptions;
  }

  /**
   * The record's misconceptions that the answer makes, and the answer (prepared: Simplified,
   * `normalizeText`) with the clauses that make them cut out — the whole sentence only when the
   * claim spans its clauses — so that the words of a wrong claim are not also counted as making a
   * point ("QLoRA extends LoRA with quantization" said in the sentence that gets the quantization
   * wrong), while the right clauses beside it still count.
   */
  locate(recordId: number, answer: string): { misconceptions: Misconception[]; rest: string } {
    const prepared = prepare(answer);
    const compiled = this.byRecord.get(recordId);
    if (!compiled) return { misconceptions: [], rest: prepared };
    const spans = claimSpans(prepared);
    const holds = (pattern: RegExp, text: string) => text.search(pattern) >= 0;
    const masked: Span[] = [];
    const misconceptions = compiled
      .filter(({ alternatives, unless, ownNegations }) => {
        const making = spans.filter(
          (span) =>
            !(unless && holds(unless, span.before)) &&
            alternatives.some((groups, index) => {
              if (!groups.every((group) => holds(group, span.text))) return false;
              // The claim's own words may hold an `unless` term ("does not keep the gradient"): those are not a negation of it.
              const negations = ownNegations[index];
              return !(unless && holds(unless, negations ? span.text.replace(negations, ' ') : span.text));
            }),
        );
        // A clause that makes the claim is masked, not the rest of its sentence; a sentence only when no clause of it makes the claim alone.
        masked.push(...making.filter((span) => span.clause || !making.some((other) => other.clause && other.sentence === span.sentence)));
        return making.length > 0;
      })
      .map(({ misconception }) => misconception);
    return { misconceptions, rest: maskRanges(prepared, masked) };
  }
}

/** The text with each range replaced by a sentence end, so that no word or name joins across it. */
function maskRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  let rest = '';
  let position = 0;
  for (const { start, end } of [...ranges].sort((left, right) => left.start - right.start)) {
    if (end <= position) continue;
    rest += `${text.slice(position, Math.max(position, start))}。`;
    position = end;
  }
  return rest + text.slice(position);
}

/**
 * Text as the terms are compared with it: Simplified Chinese, `normalizeText` ("can't" → "ca not",
 * full-width punctuation → ASCII), one space for any run of spaces, so that no pattern has to
 * backtrack over whitespace, and none between Chinese and a Latin word or number. Line ends stay:
 * they end sentences.
 */
function prepare(text: string): string {
  return (
    normalizeText(toSimplified(text).text)
      .replace(/[^\S\n]+/gu, ' ')
      // Chinese writers often space Latin words and numbers off ("存成 32 位", "QLoRA 在"): the terms are written either way.
      .replace(/(?<=\p{Script=Han}) (?=[a-z0-9])|(?<=[a-z0-9]) (?=\p{Script=Han})/gu, '')
  );
}

/** One pattern for a list of terms, prepared like the text: whole words for Latin-script terms, substrings for Chinese ones. */
function termsPattern(terms: readonly string[]): RegExp {
  const alternatives = [...new Set(terms.map((term) => prepare(term).trim()).filter((term) => term !== ''))]
    .sort((left, right) => right.length - left.length)
    .map((term) => {
      // Chinese terms match inside words (a number in them whole: "4位" is not in "64位").
      if (containsChinese(term)) return substringPattern(term);
      const body = escapeRegExp(term);
      // A word ends only at Latin letters and digits ("LLM只有" holds the word "llm"); a term that
      // starts or ends with a symbol ("/", "√") needs no boundary on that side.
      const before = /^[a-z0-9_]/u.test(term) ? '(?<![a-z0-9_])' : '';
      const after = /[a-z0-9_]$/u.test(term) ? '(?![a-z0-9_])' : '';
      return `${before}${body}${after}`;
    });
  // Global, for masking every occurrence; tested with `search`, which ignores `lastIndex`.
  return alternatives.length === 0 ? /(?!)/gu : new RegExp(alternatives.join('|'), 'gu');
}

/**
 * Sentences, to keep a claim's subject and predicate together: cut at a full stop before a space (so
 * "0.8" stays whole; not after "e.g.", "i.e.", "vs.", "etc."), at ! ? ; (NFKC has made the Chinese
 * full-width ones ASCII), 。 and line ends — and each sentence's clauses, joined by a conjunction:
 * "higher temperature is more deterministic, and low temperature adds randomness" makes the claim
 * though the sentence also names the opposite. Not at a bare Chinese comma, which often parts a
 * subject from its predicate ("温度越高，输出越随机").
 */
function claimSpans(text: string): Span[] {
  const sentences: { start: number; end: number }[] = [];
  let start = 0;
  for (const separator of [...text.matchAll(/(?<=\.)(?<!\b(?:e\.g|i\.e|vs|etc)\.) |[!?;。\n]+/gu), undefined]) {
    const end = separator?.index ?? text.length;
    if (text.slice(start, end).trim() !== '') sentences.push({ start, end });
    if (separator) start = end + separator[0].length;
  }
  const spans: Span[] = sentences.map(({ start: from, end }, sentence) => ({ text: text.slice(from, end), before: '', start: from, end, sentence, clause: false }));
  const conjunction = /,? (?:and|but|while|whereas) |,(?: ?)(?:而且|但是|但|所以|而)/gu;
  sentences.forEach(({ start: from, end: to }, sentence) => {
    const whole = text.slice(from, to);
    const cuts = [...whole.matchAll(conjunction)];
    if (cuts.length === 0) return;
    let clauseStart = 0;
    for (const cut of [...cuts, undefined]) {
      const clauseEnd = cut?.index ?? whole.length;
      spans.push({ text: whole.slice(clauseStart, clauseEnd), before: whole.slice(0, clauseStart), start: from + clauseStart, end: from + clauseEnd, sentence, clause: true });
      if (cut) clauseStart = clauseEnd + cut[0].length;
    }
  });
  return spans;
}
