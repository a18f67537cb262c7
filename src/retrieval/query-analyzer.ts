import { detectLanguage, normalizeText, splitSentences, toSimplified, tokenizeNormalized, type Language } from '../text/index.js';
import type { BankVocabulary, Correction } from './bank-vocabulary.js';
import { conceptTerm } from './concept-term.js';
import type { ConceptMatcher, ConceptMention } from './concept-matcher.js';
import type { GlossaryEntry } from './glossary.js';
import type { WeightedTerm } from './lexical-index.js';

/** One piece of a learner's message read for retrieval: the whole message, or one of its sentences. */
export interface QueryPart {
  text: string;
  /** Lexical terms: words, bigrams, acronym expansions, and the concepts the text names. */
  terms: WeightedTerm[];
  /** The concepts of the lexicon the text names. */
  mentions: ConceptMention[];
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
    const simplified = toSimplified(text);
    const corrections: Correction[] = [];
    const corrected = simplified.text.replace(latinWordInText, (word) => {
      // Acronyms and names ("BLEU", "LoRaWAN") are typed on purpose: only plain lower-case words are corrected.
      if (/[A-Z]/u.test(word.slice(1))) return word;
      const correction = this.parts.vocabulary.correct(word);
      if (correction === undefined) return word;
      corrections.push({ from: word, to: correction });
      return correction;
    });
    // Sentences, and the parts of one around a colon ("Quick question before my onsite: what is …?").
    const sentences = splitSentences(corrected.replace(/([?？!！;；。:：])\s*/gu, '$1\n'))
      .map((sentence) => this.readPart(sentence))
      .filter((part) => part.terms.some(({ term, weight }) => weight >= 1 && !term.startsWith('=') && !term.startsWith('#')));
    return {
      text,
      language: detectLanguage(text),
      traditional: simplified.traditional,
      corrections,
      whole: this.readPart(corrected),
      sentences: sentences.length > 1 ? sentences : [],
    };
  }

  /** The terms of one piece of text (no correction, no script conversion). */
  readPart(text: string): QueryPart {
    const { glossary, conceptMatcher } = this.parts;
    let rewritten = normalizeText(text);
    const phraseTerms: string[] = [];
    for (const entry of glossary) {
      if (!entry.phrasePattern.test(rewritten)) continue;
      rewritten = rewritten.replace(entry.phrasePattern, ` ${entry.acronym.toLowerCase()} `);
      phraseTerms.push(entry.phraseTerm);
    }
    const tokens = tokenizeNormalized(rewritten);
    const mentions = conceptMatcher.find(rewritten);
    // The words a concept's name spans, and the concept, are one unit of meaning ("nucleus sampling").
    const groupOf = new Map<number, number>(tokens.map((token) => [token.group, token.group]));
    const find = (group: number): number => {
      const parent = groupOf.get(group) ?? group;
      return parent === group ? group : find(parent);
    };
    let nextGroup = Math.max(-1, ...tokens.map((token) => token.group)) + 1;
    const conceptGroups = mentions.map((mention) => {
      const inside = tokens.filter((token) => token.start >= mention.start && token.end <= mention.end).map((token) => find(token.group));
      const group = inside[0] ?? nextGroup++;
      for (const other of inside) groupOf.set(find(other), group);
      return group;
    });

    const terms = new Map<string, WeightedTerm>();
    const add = (term: string, weight: number, group: number, details: Pick<WeightedTerm, 'surface' | 'part'> = {}) => {
      const existing = terms.get(term);
      if (!existing) terms.set(term, { term, weight, group, ...details });
      else existing.weight = Math.max(existing.weight, weight);
    };
    for (const token of tokens) add(token.term, token.weight, token.group, { surface: token.surface, ...(token.part ? { part: true } : {}) });
    mentions.forEach((mention, index) => add(conceptTerm(mention.concept), 1, conceptGroups[index] ?? 0));
    for (const term of terms.values()) term.group = find(term.group ?? 0);

    // Pseudo-terms join the group of their acronym, so a concept written two ways counts once.
    const acronymGroup = (acronymTerm: string) => terms.get(acronymTerm)?.group ?? -1;
    for (const entry of glossary) {
      if (phraseTerms.includes(entry.phraseTerm)) add(entry.phraseTerm, 1, acronymGroup(entry.acronymTerm));
    }
    const ownTerms = new Set(tokens.map((token) => token.term));
    for (const entry of glossary) {
      if (ownTerms.has(entry.acronymTerm)) add(entry.phraseTerm, expansionWeight / ownTerms.size, acronymGroup(entry.acronymTerm));
    }
    return { text, terms: [...terms.values()], mentions };
  }
}
