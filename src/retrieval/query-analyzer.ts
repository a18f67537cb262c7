import { detectLanguage, normalizeText, splitSentences, toSimplified, tokenizeNormalized, type Language, type WeightedToken } from '../text/index.js';
import type { BankVocabulary, Correction } from './bank-vocabulary.js';
import { conceptTerm, isConceptTerm, isLongFormTerm } from './concept-term.js';
import type { ConceptMatcher } from './concept-matcher.js';
import type { GlossaryEntry } from './glossary.js';
import type { WeightedTerm } from './lexical-index.js';

/** One piece of a learner's message read for retrieval: the whole message, or one of its sentences. */
export interface QueryPart {
  text: string;
  /** Lexical terms: words, bigrams, acronyms of long forms, and the concepts the text names. */
  terms: WeightedTerm[];
}

/** A learner's message, read once for every stage of the pipeline. */
export interface AnalyzedQuery {
  /** The message as given. */
  text: string;
  /** The language to answer in. */
  language: Language;
  /** True when the learner wrote Traditional Chinese (answered in Traditional characters). */
  traditional: boolean;
  /** Words typed in a hurry and the bank's spelling they were read as. */
  corrections: Correction[];
  /** The whole message. */
  whole: QueryPart;
  /** Its sentences, when it has more than one with something to look for (context around a question, two questions). */
  sentences: QueryPart[];
}

/** What the analyzer reads a message against. */
export interface QueryAnalyzerParts {
  glossary: readonly GlossaryEntry[];
  vocabulary: BankVocabulary;
  conceptMatcher: ConceptMatcher;
}

/**
 * Weight of the long form's phrase term added for an acronym, shared among the query's own terms:
 * alone ("What is an LLM?") the acronym must find the record that spells it out, but beside other
 * words ("why do LLMs need tokenization?") a ubiquitous acronym is background and must not outweigh them.
 */
const expansionWeight = 0.6;
const latinWordInText = /[A-Za-z][A-Za-z0-9]*/gu;
/** Words corrected per message at most: a message of unknown words is not worth a search each. */
const maximumCorrections = 20;

/**
 * Reads a learner's message once: Traditional Chinese converted to Simplified, words typed in a
 * hurry corrected against the bank's own vocabulary, long forms read as their acronyms, concepts of
 * the lexicon found by any of their names (multi-word ones as one unit), and the message split into
 * its sentences when it has several.
 */
export class QueryAnalyzer {
  private readonly parts: QueryAnalyzerParts;

  constructor(parts: QueryAnalyzerParts) {
    this.parts = parts;
  }

  analyze(text: string): AnalyzedQuery {
    const simplified = toSimplified(boundForRetrieval(text));
    const corrections: Correction[] = [];
    const corrected = simplified.text.replace(latinWordInText, (word) => {
      // Acronyms and names ("BLEU", "LoRaWAN") are typed on purpose: only plain lower-case words are corrected.
      if (/[A-Z]/u.test(word.slice(1)) || corrections.length >= maximumCorrections) return word;
      const correction = this.parts.vocabulary.correct(word);
      if (correction === undefined) return word;
      corrections.push({ from: word, to: correction });
      return correction;
    });
    // Sentences, and the parts of one around a colon ("Quick question before my onsite: what is …?").
    const sentences = splitSentences(corrected.replace(/([?？!！;；。:：])\s*/gu, '$1\n'))
      .map((sentence) => this.readPart(sentence))
      .filter((part) => part.terms.some(({ term, weight }) => weight >= 1 && !isLongFormTerm(term) && !isConceptTerm(term)));
    return {
      text,
      language: detectLanguage(text),
      traditional: simplified.traditional,
      corrections,
      whole: this.readPart(corrected),
      sentences: sentences.length > 1 ? sentences : [],
    };
  }

  /**
   * The terms of one piece of text (no correction, no script conversion): its words, and for each
   * span that names a concept or writes out an acronym's long form, the concept's or acronym's term,
   * the span's words joined into one unit of meaning ("nucleus sampling", "Kullback-Leibler divergence").
   * The index reads records the same way (words, acronyms of long forms, concepts), without the units.
   */
  readPart(text: string): QueryPart {
    const { glossary, conceptMatcher } = this.parts;
    const normalized = normalizeText(text);
    const tokens = tokenizeNormalized(normalized);
    const spans: { start: number; end: number; terms: string[] }[] = conceptMatcher
      .find(normalized)
      .map((mention) => ({ start: mention.start, end: mention.end, terms: [conceptTerm(mention.concept)] }));
    for (const entry of glossary) {
      const match = entry.phrasePattern.exec(normalized);
      if (match) spans.push({ start: match.index, end: match.index + match[0].length, terms: [entry.acronymTerm, entry.phraseTerm] });
    }

    // Union-find over groups: the words a span covers become one group with the span's terms.
    const parent = new Map<number, number>();
    const find = (group: number): number => {
      let root = group;
      while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
      return root;
    };
    let nextGroup = (tokens.at(-1)?.group ?? -1) + 1;
    const spanGroups = spans.map((span) => {
      const inside = tokensWithin(tokens, span.start, span.end).map((token) => find(token.group));
      const group = inside[0] ?? nextGroup++;
      for (const other of inside) if (other !== group) parent.set(other, group);
      return group;
    });

    const terms = new Map<string, WeightedTerm>();
    const add = (term: string, weight: number, group: number, details: Pick<WeightedTerm, 'surface' | 'part'> = {}) => {
      const existing = terms.get(term);
      if (!existing) terms.set(term, { term, weight, group, ...details });
      else existing.weight = Math.max(existing.weight, weight);
    };
    for (const token of tokens) add(token.term, token.weight, token.group, { surface: token.surface, ...(token.part ? { part: true } : {}) });
    spans.forEach((span, index) => {
      for (const term of span.terms) add(term, 1, spanGroups[index] ?? 0);
    });
    for (const term of terms.values()) term.group = find(term.group ?? 0);

    // An acronym written as such ("LLM") also looks, weakly, for the records that spell it out.
    const ownTerms = new Set(tokens.map((token) => token.term));
    for (const entry of glossary) {
      const group = terms.get(entry.acronymTerm)?.group;
      if (ownTerms.has(entry.acronymTerm) && group !== undefined) add(entry.phraseTerm, expansionWeight / ownTerms.size, group);
    }
    return { text, terms: [...terms.values()] };
  }
}

/** The tokens that lie within a span, found by binary search: tokens come in reading order. */
function tokensWithin(tokens: readonly WeightedToken[], start: number, end: number): WeightedToken[] {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((tokens[middle]?.start ?? 0) < start) low = middle + 1;
    else high = middle;
  }
  const inside: WeightedToken[] = [];
  for (let index = low; index < tokens.length && (tokens[index]?.start ?? end) < end; index += 1) {
    const token = tokens[index];
    if (token && token.end <= end) inside.push(token);
  }
  return inside;
}

/**
 * What retrieval reads of a long message: its start and its end, where a question sits ("What is X?
 * Here is my situation…", "…so my question is: what is X?"). Questions run to a few hundred
 * characters; reading all 4,000 a message may have multiplies the work of one ask for nothing.
 */
const retrievalHead = 500;
const retrievalTail = 1000;

function boundForRetrieval(text: string): string {
  if (text.length <= retrievalHead + retrievalTail) return text;
  // Never half a surrogate pair at either cut.
  const headEnd = isHighSurrogate(text.charCodeAt(retrievalHead - 1)) ? retrievalHead - 1 : retrievalHead;
  const tailStart = text.length - retrievalTail + (isLowSurrogate(text.charCodeAt(text.length - retrievalTail)) ? 1 : 0);
  return `${text.slice(0, headEnd)}\n${text.slice(tailStart)}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
