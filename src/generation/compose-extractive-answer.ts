import type { CorpusRecord, Language } from '../ingest/index.js';
import { tokenize } from '../text/index.js';
import { readAnswerAnatomy, type AnswerUnit } from './answer-anatomy.js';

/** What the learner asked for, as far as the shape of an extractive answer goes. */
export type AnswerStyle = 'full' | 'focused' | 'example' | 'eli5';

/** A term of an eli5 answer that another record defines, to link a newcomer to it. */
export interface WordToKnow {
  /** The word as the answer writes it. */
  term: string;
  recordId: number;
  /** The defining record's one-line definition. */
  definition: string;
}

/** What an extractive answer is built from. */
export interface ExtractiveAnswerRequest {
  record: CorpusRecord;
  language: Language;
  style: AnswerStyle;
  /**
   * The learner's own words (lexical terms with weights): a follow-up gets the units that answer
   * them, an example request the example about them, an eli5 answer the example about its subject.
   */
  focusTerms?: ReadonlyMap<string, number>;
  /** For an example request: records close to this one, whose example may be borrowed (said so). */
  related?: readonly CorpusRecord[];
  /** For eli5: the words to know of the core text, each defined by another record. */
  wordsToKnow?: (coreText: string) => readonly WordToKnow[];
}

/** Units a focused answer gives at most. */
const focusedUnits = 2;
/** Sentences an eli5 core holds at most (a formula or a list stays with the sentence that leads in). */
const eli5Units = 3;

/**
 * An answer built from the bank itself, in the learner's language, for when no LLM is configured (or
 * it failed), on the structure of the model answer (definition, example, statements; formulas and
 * lists kept with the sentence that introduces them):
 * - `full`: the model answer under its question;
 * - `focused` (a follow-up): the units that answer the learner's own words, not the whole record again;
 * - `example`: the record's own example; else a related record's, said so and cited; else says plainly
 *   that the bank gives none — never a sentence labelled as an example that is not one;
 * - `eli5`: the short core (definition and the example, formulas kept, nothing repeated, never ending
 *   on a colon), then the words to know, each linked to the record that defines it.
 * Every answer ends with its citations.
 */
export function composeExtractiveAnswer(request: ExtractiveAnswerRequest): string {
  const { record, language, style } = request;
  const citation = `[Q${record.id}]`;
  const units = readAnswerAnatomy(record, language);
  switch (style) {
    case 'full':
      return `**${record.question[language]}**\n\n${record.answer[language]} ${citation}`;
    case 'focused': {
      const chosen = bestUnits(units, request.focusTerms, focusedUnits);
      const lead = language === 'zh' ? `**${record.question[language]}**（节选，完整答案见 Q${record.id}）` : `**${record.question[language]}** (the part that answers this; the whole answer is in Q${record.id})`;
      return `${lead}\n\n${joinUnits(chosen, language)} ${citation}`;
    }
    case 'example':
      return composeExample(request, units);
    case 'eli5':
      return composeEli5(request, units);
  }
}

/**
 * Two records side by side for "how is that different from X?": each one's definition and what it
 * says about the learner's words, under its question, both cited.
 */
export function composeComparison(records: readonly [CorpusRecord, CorpusRecord], language: Language, focusTerms?: ReadonlyMap<string, number>): string {
  const parts = records.map((record) => {
    const units = readAnswerAnatomy(record, language);
    const chosen = bestUnits(units, focusTerms, 1, true);
    return `**${record.question[language]}**\n\n${joinUnits(chosen, language)} [Q${record.id}]`;
  });
  const lead = language === 'zh' ? '题库里两个问题各自的说法：' : 'What the bank says about each:';
  return `${lead}\n\n${parts.join('\n\n')}`;
}

function composeExample(request: ExtractiveAnswerRequest, units: readonly AnswerUnit[]): string {
  const { record, language } = request;
  const own = pickExample(units, request.focusTerms);
  if (own) {
    const lead = language === 'zh' ? `**Q${record.id} 中的例子**` : `**An example from Q${record.id}**`;
    return `${lead} (${record.question[language]})\n\n${own.text} [Q${record.id}]`;
  }
  const topicTerms = new Map([...tokenize(record.question[language])].map((term) => [term, 1]));
  for (const other of request.related ?? []) {
    if (other.id === record.id) continue;
    const borrowed = pickExample(readAnswerAnatomy(other, language), topicTerms, true);
    if (!borrowed) continue;
    return language === 'zh'
      ? `Q${record.id} 的答案本身没有举例 [Q${record.id}]。相关的 Q${other.id}（${other.question.zh}）里有一个例子：\n\n${borrowed.text} [Q${other.id}]`
      : `The answer to Q${record.id} gives no example itself [Q${record.id}]. A related question, Q${other.id} (${other.question.en}), has one:\n\n${borrowed.text} [Q${other.id}]`;
  }
  const definition = units[0]?.text ?? record.answer[language];
  return language === 'zh'
    ? `题库对这个问题（Q${record.id}）没有给出例子。它的答案是这样说的：\n\n${definition} [Q${record.id}]`
    : `The bank gives no example for this question (Q${record.id}). What its answer says:\n\n${definition} [Q${record.id}]`;
}

function composeEli5(request: ExtractiveAnswerRequest, units: readonly AnswerUnit[]): string {
  const { record, language } = request;
  const definition = units[0] && compactList(units[0], language);
  const core: AnswerUnit[] = definition ? [definition] : [];
  // A list answer ends with why it matters ("RAG enhances factual accuracy…"): a newcomer's second sentence.
  const closing = units.at(-1);
  if (definition && definition.text !== units[0]?.text && closing && closing.index > 0 && closing.role === 'statement') core.push(closing);
  const example = pickExample(units, request.focusTerms);
  if (example && core.length < eli5Units && isAbout(example, record, language, request.focusTerms)) core.push(example);
  const text = joinUnits(core.map((unit) => ({ ...unit, text: simplify(unit.text) })), language);
  const lead = language === 'zh' ? '**简单来说：**' : '**In plain words:**';
  const answer = `${lead} ${text} [Q${record.id}]`;
  const budget = record.answer[language].length + record.question[language].length - answer.length;
  return answer + composeWordsToKnow(request.wordsToKnow?.(text) ?? [], language, budget);
}

/** A definition that introduces a list, as one sentence naming the items ("RAG involves: Retrieval, Ranking, Generation."). */
function compactList(unit: AnswerUnit, language: Language): AnswerUnit {
  const [lead = '', ...rest] = unit.text.split('\n');
  const items = rest.filter((line) => line.startsWith('- ')).map((line) => line.slice(2).split(/[:：]/u)[0]?.trim() ?? '');
  if (items.length === 0) return unit;
  const text = language === 'zh' ? `${lead}${items.join('、')}。` : `${lead} ${items.join(', ')}.`;
  return { ...unit, text };
}

/**
 * True unless the example is about another part of the record than the one asked about: "For
 * example, QLoRA can…" names QLoRA, which the record's question names and the learner, asking about
 * LoRA, did not. An example that names nothing of the record's question is the record's own.
 */
function isAbout(example: AnswerUnit, record: CorpusRecord, language: Language, asked: ReadonlyMap<string, number> | undefined): boolean {
  if (!asked || asked.size === 0) return true;
  const mentioned = new Set(tokenize(example.text));
  if ([...asked.keys()].some((term) => mentioned.has(term))) return true;
  return !tokenize(record.question[language]).some((term) => mentioned.has(term) && !asked.has(term));
}

/** The words-to-know list, as many entries as fit the budget (an eli5 answer stays shorter than the full one). */
function composeWordsToKnow(words: readonly WordToKnow[], language: Language, budget: number): string {
  const heading = language === 'zh' ? '\n\n**需要知道的词**\n' : '\n\n**Words to know**\n';
  const lines: string[] = [];
  let used = heading.length;
  for (const word of words) {
    const line = `- **${word.term}** — ${word.definition} [Q${word.recordId}]`;
    if (used + line.length + 1 > budget) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines.length === 0 ? '' : `${heading}${lines.join('\n')}`;
}

/** The units that share most of the learner's words, in the answer's order; the definition when none does. */
function bestUnits(units: readonly AnswerUnit[], focusTerms: ReadonlyMap<string, number> | undefined, count: number, keepDefinition = false): AnswerUnit[] {
  const scored = units.map((unit) => ({ unit, score: overlap(unit.text, focusTerms) }));
  const chosen = scored
    .filter(({ score }) => score > 0)
    .sort((left, right) => right.score - left.score || left.unit.index - right.unit.index)
    .slice(0, count)
    .map(({ unit }) => unit);
  const definition = units[0];
  if (definition && (chosen.length === 0 || (keepDefinition && !chosen.includes(definition)))) chosen.unshift(definition);
  return chosen.slice(0, Math.max(count, keepDefinition ? count + 1 : count)).sort((left, right) => left.index - right.index);
}

/** The record's example: the one about the learner's words when there are several; with `strict`, only one that is. */
function pickExample(units: readonly AnswerUnit[], focusTerms: ReadonlyMap<string, number> | undefined, strict = false): AnswerUnit | undefined {
  const examples = units.filter((unit) => unit.role === 'example');
  const scored = examples.map((unit) => ({ unit, score: overlap(unit.text, focusTerms) })).sort((left, right) => right.score - left.score);
  const best = scored[0];
  if (!best) return undefined;
  if (strict && focusTerms && focusTerms.size > 0 && best.score === 0) return undefined;
  return best.unit;
}

function overlap(text: string, focusTerms: ReadonlyMap<string, number> | undefined): number {
  if (!focusTerms || focusTerms.size === 0) return 0;
  let score = 0;
  for (const term of new Set(tokenize(text))) score += focusTerms.get(term) ?? 0;
  return score;
}

/** Units as one text, each once; a unit with a list or a formula line stands as its own paragraph. */
function joinUnits(units: readonly AnswerUnit[], language: Language): string {
  const seen = new Set<string>();
  let joined = '';
  let previousHadLines = false;
  for (const { text } of units) {
    if (seen.has(text)) continue;
    seen.add(text);
    const hasLines = text.includes('\n');
    const separator = joined === '' ? '' : hasLines || previousHadLines ? '\n\n' : language === 'zh' ? '' : ' ';
    joined += separator + text;
    previousHadLines = hasLines;
  }
  return joined.trim();
}

/** Drops parenthesised asides (acronyms, English glosses) a newcomer does not need; formulas stay whole. */
export function simplify(text: string): string {
  return text
    .split(/(⟦[^⟧]*⟧|\$[^$]+\$)/u)
    .map((piece, index) => (index % 2 === 1 ? piece : piece.replace(/\s*[(（][^)）]{1,40}[)）]/gu, '').replace(/\s+([,.。，])/gu, '$1')))
    .join('')
    .trim();
}
