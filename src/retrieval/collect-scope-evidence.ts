import { chineseWordFrequency, containsChinese, englishNouns, englishWordFrequency, isChineseNoun, positiveForm } from '../text/index.js';
import type { LexicalField, LexicalIndex, WeightedTerm } from './lexical-index.js';
import { FOCUS_FIELDS, LEXICAL_FIELDS } from './lexical-index.js';
import { defaultScopeModel, type ScopeModel } from './scope-model.js';
import { isConceptTerm, isLongFormTerm } from './concept-term.js';
import type { ScopeEvidence } from './scope-evidence.js';

interface Unit {
  /** The terms that say whether the bank knows the unit: the compound, not its parts. */
  terms: WeightedTerm[];
  mass: number;
  known: boolean;
  /** Unknown to the bank and rare in everyday language: a topic the bank lacks ("perceptron", "卷积"). */
  foreign: boolean;
}

/**
 * Weight of a word the bank does not use but everyday language does, when it is not a noun ("chop",
 * "squish", "为啥"): the learner's way of asking, not a topic. An everyday noun ("car", "pizza") keeps
 * its weight: it names what the question is about.
 */
const everydayWordWeight = 0.3;

/** Tagging parts of speech costs about a millisecond per sentence: a long message is tagged this far. */
const maximumTaggedCharacters = 1000;

/**
 * Collects the evidence for deciding whether a record answers a query, over units of meaning rather
 * than separate words: "nucleus sampling" is one unit found in Q12's concepts; "Boltzmann machine"
 * is two, one of them foreign to the bank. Everyday words weigh little, and so do words the bank does
 * not use but everyday language does (by their frequency in general English or Chinese): a learner's
 * "squish a giant model" is filler around the topic, while "perceptron" or "卷积" is a topic the bank lacks.
 */
export function collectScopeEvidence(
  lexicalIndex: LexicalIndex,
  query: { text: string; terms: readonly WeightedTerm[] },
  recordId: number | undefined,
  everyday: ScopeModel['everyday'] = defaultScopeModel.everyday,
): ScopeEvidence {
  const { terms } = query;
  let nouns: Set<string> | undefined;
  const isNoun = (word: string) => (containsChinese(word) ? isChineseNoun(word) : (nouns ??= englishNouns(query.text.slice(0, maximumTaggedCharacters))).has(word));
  const units = collectUnits(lexicalIndex, terms, everyday, isNoun);
  const total = units.reduce((sum, unit) => sum + unit.mass, 0);
  if (recordId === undefined || total === 0) {
    return {
      recordId,
      coverage: 0,
      focusCoverage: 0,
      foreignShare: total === 0 ? 1 : share(units, total, (unit) => unit.foreign),
      knownShare: total === 0 ? 0 : share(units, total, (unit) => unit.known),
      namesConcept: false,
      units: units.length,
      mass: total,
    };
  }
  // A topic the records lack is not covered because a learner's phrasing compares it with one they have ("PCA vs t-SNE").
  const holds = (unit: Unit, fields: readonly LexicalField[]) => !unit.foreign && unit.terms.some(({ term }) => lexicalIndex.recordHas(recordId, term, fields));
  return {
    recordId,
    coverage: share(units, total, (unit) => holds(unit, LEXICAL_FIELDS)),
    focusCoverage: share(units, total, (unit) => holds(unit, FOCUS_FIELDS)),
    foreignShare: share(units, total, (unit) => unit.foreign),
    knownShare: share(units, total, (unit) => unit.known),
    namesConcept: terms.some(({ term }) => isConceptTerm(term) && lexicalIndex.recordHas(recordId, term, ['concepts'])),
    units: units.length,
    mass: total,
  };
}

function share(units: readonly Unit[], total: number, predicate: (unit: Unit) => boolean): number {
  return units.filter(predicate).reduce((sum, unit) => sum + unit.mass, 0) / total;
}

function collectUnits(lexicalIndex: LexicalIndex, terms: readonly WeightedTerm[], everyday: ScopeModel['everyday'], isNoun: (word: string) => boolean): Unit[] {
  const groups = new Map<number | string, WeightedTerm[]>();
  for (const term of terms) {
    if (isLongFormTerm(term.term)) continue;
    const key = term.group ?? term.term;
    groups.set(key, [...(groups.get(key) ?? []), term]);
  }
  const units: Unit[] = [];
  for (const members of groups.values()) {
    const whole = members.filter((term) => !term.part);
    const evidence = whole.length > 0 ? whole : members;
    const known = evidence.some(({ term }) => lexicalIndex.knows(term));
    const words = members.filter(({ term }) => !isConceptTerm(term));
    const massOf = (list: WeightedTerm[]) => Math.max(...list.map(({ term, weight }) => weight * lexicalIndex.inverseDocumentFrequency(term)));
    let mass = words.length > 0 ? massOf(words) : massOf(members);
    const namesConcept = members.some(({ term }) => isConceptTerm(term));
    // Words only learners' phrasings use (or nobody) are judged by everyday language: a common one is
    // the learner's way of asking (weighed little unless it is a noun); a rare one ("LSTM", "Adam") is
    // a topic the records lack, whatever phrasing mentions it.
    const usedByBank = namesConcept || evidence.some(({ term }) => lexicalIndex.recordsUse(term));
    const surface = words[0]?.surface;
    const everydayWord = surface !== undefined && isEveryday(surface, everyday);
    if (!usedByBank && everydayWord && !isNoun(surface)) mass *= everydayWordWeight;
    units.push({ terms: evidence, mass, known, foreign: !usedByBank && !everydayWord });
  }
  return units;
}

function isEveryday(word: string, everyday: ScopeModel['everyday']): boolean {
  if (containsChinese(word)) return chineseWordFrequency(word) >= everyday.chineseFrequency;
  return Math.max(englishWordFrequency(word), englishWordFrequency(positiveForm(word))) >= everyday.englishFrequency;
}
