import { readAnswerAnatomy, simplify, type WordToKnow } from '../generation/index.js';
import type { Concept, CorpusRecord, Language } from '../ingest/index.js';
import { ConceptMatcher } from '../retrieval/index.js';
import { normalizeText } from '../text/index.js';

/** How many words to know an eli5 answer lists at most. */
const maximumWords = 4;
/** A concept that more than this share of the answers mention is the field itself ("LLM", "model size"), not a word to look up. */
const widestShare = 0.35;

/**
 * The jargon of an answer that another record of the bank defines — "token" → Q1, "embedding" →
 * Q10, "attention" → Q2 — so that a newcomer is linked to the prerequisite questions. A concept's
 * defining record is the one among its records whose question names it (a "what is X?" question
 * first); a concept no question names is not listed.
 */
export class WordsToKnow {
  private readonly matcher: ConceptMatcher;
  private readonly homes: (CorpusRecord | undefined)[];
  private readonly conceptsOf = new Map<number, Set<number>>();

  constructor(records: readonly CorpusRecord[], concepts: readonly Concept[]) {
    this.matcher = new ConceptMatcher(concepts);
    const byId = new Map(records.map((record) => [record.id, record]));
    const mentions = concepts.map(() => 0);
    for (const record of records) {
      const found = new Set(this.matcher.find(normalizeText(record.answer.en)).map((mention) => mention.concept));
      for (const concept of found) mentions[concept] = (mentions[concept] ?? 0) + 1;
    }
    concepts.forEach((concept, index) => {
      for (const id of concept.recordIds) this.conceptsOf.set(id, new Set([...(this.conceptsOf.get(id) ?? []), index]));
    });
    this.homes = concepts.map((concept, index) => {
      if ((mentions[index] ?? 0) > records.length * widestShare) return undefined;
      const naming = concept.recordIds
        .map((id) => byId.get(id))
        .filter((record): record is CorpusRecord => record !== undefined)
        .filter((record) => this.matcher.find(normalizeText(record.question.en)).some((mention) => mention.concept === index));
      return naming.find((record) => /^\s*what\s+(?:is|are)\b/iu.test(record.question.en)) ?? naming[0];
    });
  }

  /** True when two records share a key concept (so one's example may stand in for the other's). */
  related(recordId: number, otherId: number): boolean {
    const own = this.conceptsOf.get(recordId);
    return [...(this.conceptsOf.get(otherId) ?? [])].some((concept) => own?.has(concept) ?? false);
  }

  /** The words to know of a text answered from `recordId`: concepts other records define, first mention first. */
  of(text: string, recordId: number, language: Language): WordToKnow[] {
    const normalized = normalizeText(text);
    const words: WordToKnow[] = [];
    const seen = new Set<number>([recordId]);
    for (const mention of this.matcher.find(normalized).sort((left, right) => left.start - right.start)) {
      const home = this.homes[mention.concept];
      if (!home || seen.has(home.id)) continue;
      seen.add(home.id);
      words.push({ term: normalized.slice(mention.start, mention.end), recordId: home.id, definition: oneLineDefinition(home, language) });
      if (words.length >= maximumWords) break;
    }
    return words;
  }
}

/**
 * A record's definition in one line: its first sentence; a list it introduces as its items' names
 * ("RAG involves: Retrieval, Ranking, Generation."); a formula it introduces left out.
 */
export function oneLineDefinition(record: CorpusRecord, language: Language): string {
  const [first] = readAnswerAnatomy(record, language);
  if (!first) return record.question[language];
  const [lead = '', ...rest] = first.text.split('\n');
  const items = rest.filter((line) => line.startsWith('- ')).map((line) => line.slice(2).split(/[:：]/u)[0]?.trim() ?? '');
  const sentence = simplify(lead);
  if (items.length > 0) return `${sentence} ${items.join(language === 'zh' ? '、' : ', ')}${language === 'zh' ? '。' : '.'}`;
  return sentence.replace(/[:：]\s*$/u, language === 'zh' ? '。' : '.');
}
