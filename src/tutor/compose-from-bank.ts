import { composeClosestLead, composeComparison, composeExtractiveAnswer, type AnswerStyle } from '../generation/index.js';
import type { CorpusRecord, Language } from '../ingest/index.js';
import type { AnswerIntent, AnswerPlan } from './plan-answer.js';
import type { WordsToKnow } from './words-to-know.js';

/** An answer made from the bank, and the records it cites. */
export interface BankAnswer {
  text: string;
  citations: number[];
}

const styleOf: Record<Exclude<AnswerIntent, 'compare'>, AnswerStyle> = { answer: 'full', 'follow-up': 'focused', example: 'example', eli5: 'eli5' };

/**
 * Makes the planned answer from the bank's own text: a comparison side by side; otherwise one
 * section per record (a message asking two questions gets both), each in the planned style, one given
 * from the closest question saying so first.
 */
export function composeFromBank(plan: AnswerPlan, recordsById: ReadonlyMap<number, CorpusRecord>, language: Language, wordsToKnow: WordsToKnow | undefined): BankAnswer {
  const records = plan.records.map((planned) => recordsById.get(planned.recordId)).filter((record): record is CorpusRecord => record !== undefined);
  const [first, second] = records;
  if (plan.intent === 'compare' && first && second) {
    return { text: composeComparison([first, second], language, plan.focusTerms), citations: [first.id, second.id] };
  }
  const style = styleOf[plan.intent === 'compare' ? 'follow-up' : plan.intent];
  // An example is borrowed only from a record that shares a key concept with the one asked about.
  const main = plan.records[0]?.recordId;
  const related = plan.related
    .filter((id) => main !== undefined && (wordsToKnow?.related(main, id) ?? false))
    .map((id) => recordsById.get(id))
    .filter((record): record is CorpusRecord => record !== undefined);
  const citations: number[] = [];
  const sections = plan.records.flatMap((planned) => {
    const record = recordsById.get(planned.recordId);
    if (!record) return [];
    const text = composeExtractiveAnswer({
      record,
      language,
      style,
      focusTerms: plan.focusTerms,
      related,
      ...(wordsToKnow ? { wordsToKnow: (core: string) => wordsToKnow.of(core, record.id, language) } : {}),
    });
    for (const match of text.matchAll(/\[Q(\d{1,3})\]/gu)) {
      const id = Number(match[1]);
      if (!citations.includes(id)) citations.push(id);
    }
    return [(planned.closest ? composeClosestLead(record, language) : '') + text];
  });
  return { text: sections.join('\n\n---\n\n'), citations };
}
