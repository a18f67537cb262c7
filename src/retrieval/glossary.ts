import type { CorpusRecord } from '../ingest/index.js';
import { escapeRegExp, stemWord } from '../text/index.js';
import { longFormTerm } from './concept-term.js';
import { standardAcronyms } from './standard-acronyms.js';

/** An acronym and its spelled-out form, as the bank itself introduces them ("Mixture of Experts (MoE)"). */
export interface GlossaryEntry {
  /** The lexical term of the acronym, e.g. "moe". */
  acronymTerm: string;
  /** A pseudo-term present wherever the long form is written out; lets "LLM" find the record that spells it out. */
  phraseTerm: string;
  /** Matches the long form in text, inflections allowed ("large language models"). */
  phrasePattern: RegExp;
  /** The acronym as written, put in place of the long form when a query is analysed. */
  acronym: string;
}

const longFormThenAcronym = /((?:[A-Za-z][\w-]*\s+){0,5}[A-Za-z][\w-]*)\s*\(([A-Z][A-Za-z0-9]{1,7})\)/gu;
const acronymThenLongForm = /\b([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)\s*\(([A-Za-z][\w\s-]{3,60})\)/gu;

/**
 * Collects the acronyms the bank defines, so that a learner's acronym finds the record that only
 * spells the term out and the other way round. Derived from the corpus: nothing to maintain by hand.
 */
export function buildGlossary(records: readonly CorpusRecord[]): GlossaryEntry[] {
  const entries = new Map<string, GlossaryEntry>();
  const consider = (acronym: string, longForm: string, checked = false) => {
    const words = checked ? longForm.split(/[\s-]+/u) : chooseLongForm(acronym, longForm);
    if (!words) return;
    const acronymTerm = stemWord(acronym.toLowerCase());
    if (entries.has(acronymTerm)) return;
    const pattern = words.map((word) => `${escapeRegExp(word.toLowerCase().replace(/s$/u, ''))}(?:s|es)?`).join('[\\s-]+');
    entries.set(acronymTerm, {
      acronym,
      acronymTerm,
      phraseTerm: longFormTerm(acronymTerm),
      phrasePattern: new RegExp(`\\b${pattern}\\b`, 'iu'),
    });
  };
  for (const record of records) {
    const text = `${record.question.en}\n${record.answer.en}`;
    for (const match of text.matchAll(longFormThenAcronym)) consider(match[2] ?? '', match[1] ?? '');
    for (const match of text.matchAll(acronymThenLongForm)) consider(match[1] ?? '', match[2] ?? '');
  }
  for (const { acronym, longForm } of standardAcronyms) consider(acronym, longForm, true);
  return [...entries.values()];
}

/**
 * The shortest run of trailing words whose first letter is the acronym's and whose letters contain the
 * acronym's letters in order ("Retrieval-Augmented Generation" for RAG, "Sequence-to-sequence" for Seq2Seq).
 */
function chooseLongForm(acronym: string, longForm: string): string[] | undefined {
  const letters = acronym.toLowerCase().replace(/[^a-z]/gu, '');
  if (letters.length < 2) return undefined;
  const words = longForm.split(/[\s-]+/u).filter(Boolean);
  for (let start = words.length - 1; start >= 0 && words.length - start <= letters.length + 1; start -= 1) {
    const candidate = words.slice(start);
    const joined = candidate.join('').toLowerCase();
    if (joined[0] === letters[0] && isSubsequence(letters, joined) && joined !== letters) return candidate;
  }
  return undefined;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let position = 0;
  for (const character of haystack) {
    if (character === needle[position]) position += 1;
    if (position === needle.length) return true;
  }
  return false;
}

/** The glossary's pseudo-terms for a text: the acronym and phrase terms of every long form it writes out. */
export function glossaryTerms(text: string, glossary: readonly GlossaryEntry[]): string[] {
  const terms: string[] = [];
  for (const entry of glossary) {
    if (entry.phrasePattern.test(text)) terms.push(entry.acronymTerm, entry.phraseTerm);
  }
  return terms;
}
