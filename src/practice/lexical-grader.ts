import type { Concept, CorpusRecord, KeyPoint, Language, Misconception } from '../ingest/index.js';
import { ConceptMatcher } from '../retrieval/index.js';
import { detectLanguage, normalizeText, substringPattern, tokenize, toSimplified } from '../text/index.js';
import { readAnswerShape } from './answer-shape.js';
import type { Grade, GradeVerdict } from './grade.js';
import { MisconceptionMatcher } from './misconception-matcher.js';
import calibrated from './grading-thresholds.json' with { type: 'json' };

/** Scores from which an answer is strong, and partial (fit on the dev set: see grading-thresholds.json). */
export interface GradingThresholds {
  strong: number;
  partial: number;
}

/** One answer to grade. */
export interface GradeRequest {
  recordId: number;
  answer: string;
  /** The answer's language (default: read from the answer). */
  language?: Language;
}

interface PreparedPoint {
  point: KeyPoint;
  /** The point's concepts that the question does not already name (naming the topic is not making a point). */
  concepts: Set<number>;
  /** The point's concepts the question names too. */
  topicConcepts: Set<number>;
  /** Its cues, compacted, each found anywhere in the compacted answer (a number in it whole). */
  cues: RegExp[];
  terms: { en: Set<string>; zh: Set<string> };
}

/** The model answer's own words (not the question's), per language, that a strong answer shares many of. */
interface AnswerVocabulary {
  en: Set<string>;
  zh: Set<string>;
}

/** Share of the model answer's own words at which an answer counts as saying as much. */
const fullVocabularyShare = 0.35;
/** Weight of the key points in the score; the rest is the share of the model answer's own words. */
const pointsWeight = 0.6;
/** Credit for naming only a point's topic concept (one the question names too). */
const topicOnlyCredit = 0.25;
/** Share of a point's own words an answer must use for the words alone to count as making it. */
const wordsAloneShare = 0.6;
/** Credit for a point whose concept is named but none of whose other words appear. */
const namedOnlyCredit = 0.6;
/** A keyword list is worth this share of its score, and never strong. */
const keywordListFactor = 0.6;
/** An answer that makes a known wrong claim keeps this share of its score, and is never strong. */
const wrongClaimFactor = 0.3;
/** A restatement of the question (this share of its words or more come from the question) counts for little. */
const restatementShare = 0.75;

/**
 * Grades a practice answer against the record's key points without a model: a point is made when
 * the answer names one of its concepts (by any name, in either language, Traditional Chinese too) or
 * one of its cues, and uses its words; or when it uses most of the point's own words. The score is the
 * share of points made. A list of keywords is marked down and never strong; an answer that mostly
 * restates the question counts for little. A known wrong claim (the misconceptions overlay) makes
 * no point — the clause that makes it is left out — keeps 30% of the score and keeps it from strong;
 * any other wrong claim made with the right words passes unseen: that takes the LLM grader.
 */
export class LexicalGrader {
  private readonly records: ReadonlyMap<number, CorpusRecord>;
  private readonly points = new Map<number, PreparedPoint[]>();
  private readonly matcher: ConceptMatcher;
  private readonly misconceptions: MisconceptionMatcher;
  private readonly thresholds: GradingThresholds;
  private readonly conceptsByRecord = new Map<number, Set<number>>();
  private readonly vocabularies = new Map<number, AnswerVocabulary>();
  private readonly questionTerms = new Map<number, Set<string>>();

  constructor(
    records: readonly CorpusRecord[],
    keyPoints: readonly KeyPoint[],
    concepts: readonly Concept[],
    options: { misconceptions?: readonly Misconception[]; thresholds?: GradingThresholds } = {},
  ) {
    this.records = new Map(records.map((record) => [record.id, record]));
    this.matcher = new ConceptMatcher(concepts);
    this.misconceptions = new MisconceptionMatcher(options.misconceptions ?? []);
    this.thresholds = options.thresholds ?? calibrated;
    const conceptIndex = new Map(concepts.map((concept, index) => [concept.name, index]));
    concepts.forEach((concept, index) => {
      for (const recordId of concept.recordIds) this.conceptsByRecord.set(recordId, (this.conceptsByRecord.get(recordId) ?? new Set()).add(index));
    });
    const questionConcepts = new Map<number, Set<number>>();
    for (const record of records) {
      const asked = new Set([...tokenize(record.question.en), ...tokenize(record.question.zh)]);
      this.questionTerms.set(record.id, asked);
      this.vocabularies.set(record.id, {
        en: new Set(tokenize(record.answer.en).filter((term) => !asked.has(term))),
        zh: new Set(tokenize(record.answer.zh).filter((term) => !asked.has(term))),
      });
      const named = this.matcher.find(normalizeText(`${record.question.en}\n${record.question.zh}`)).map((mention) => mention.concept);
      questionConcepts.set(record.id, new Set(named));
    }
    for (const point of keyPoints) {
      const all = point.concepts.flatMap((name) => (conceptIndex.has(name) ? [conceptIndex.get(name) as number] : []));
      const topic = questionConcepts.get(point.record) ?? new Set<number>();
      const prepared: PreparedPoint = {
        point,
        concepts: new Set(all.filter((concept) => !topic.has(concept))),
        topicConcepts: new Set(all.filter((concept) => topic.has(concept))),
        cues: [...(point.cues?.en ?? []), ...(point.cues?.zh ?? [])]
          .map((cue) => compact(normalizeText(toSimplified(cue).text)))
          .filter((cue) => cue.length >= 2)
          .map((cue) => new RegExp(substringPattern(cue), 'u')),
        terms: { en: new Set(tokenize(point.en)), zh: new Set(tokenize(point.zh)) },
      };
      this.points.set(point.record, [...(this.points.get(point.record) ?? []), prepared]);
    }
  }

  /** Whether the record has key points to grade against. */
  canGrade(recordId: number): boolean {
    return (this.points.get(recordId)?.length ?? 0) > 0;
  }

  grade(request: GradeRequest): Grade {
    const record = this.records.get(request.recordId);
    const points = this.points.get(request.recordId);
    if (!record || !points) throw new RangeError(`record ${request.recordId} has no key points`);
    const language = request.language ?? detectLanguage(request.answer);
    const shape = readAnswerShape(request.answer);
    // What the answer says outside its known wrong claims: the words of a wrong claim make no point.
    const { misconceptions: wrongClaims, rest: normalized } = this.misconceptions.locate(record.id, request.answer);
    const named = new Set(this.matcher.find(normalized).map((mention) => mention.concept));
    const compacted = compact(normalized);
    const terms = new Set(tokenize(normalized));

    const credits = points.map((prepared) => pointCredit(prepared, named, compacted, terms));
    const vocabulary = this.vocabularies.get(record.id) ?? { en: new Set<string>(), zh: new Set<string>() };
    const shared = (own: ReadonlySet<string>) => (own.size === 0 ? 0 : [...own].filter((term) => terms.has(term)).length / own.size);
    const saysAsMuch = Math.min(1, Math.max(shared(vocabulary.en), shared(vocabulary.zh)) / fullVocabularyShare);
    let score = pointsWeight * (credits.reduce((sum, credit) => sum + credit, 0) / points.length) + (1 - pointsWeight) * saysAsMuch;
    if (shape.keywordList) score *= keywordListFactor;
    const questionTerms = this.questionTerms.get(record.id) ?? new Set<string>();
    const ownTerms = [...terms].filter((term) => !questionTerms.has(term));
    if (terms.size > 0 && 1 - ownTerms.length / terms.size >= restatementShare) score *= 0.3;
    if (wrongClaims.length > 0) score *= wrongClaimFactor;
    const made = points.filter((_, index) => (credits[index] ?? 0) >= 0.5);
    // An answer that makes no key point is missed, however much of the model answer's vocabulary it shares.
    if (made.length === 0) score = Math.min(score, this.thresholds.partial - 0.001);
    score = Math.round(score * 1000) / 1000;

    let verdict: GradeVerdict = score >= this.thresholds.strong ? 'strong' : score >= this.thresholds.partial ? 'partial' : 'missed';
    if (verdict === 'strong' && (shape.keywordList || wrongClaims.length > 0)) verdict = 'partial';
    const covered = made.map(({ point }) => ({ point: point[language] }));
    const missed = points.filter((_, index) => (credits[index] ?? 0) < 0.5);
    return {
      recordId: record.id,
      score,
      verdict,
      covered,
      missed: missed.map(({ point }) => ({ point: point[language] })),
      modelAnswer: record.answer,
      citations: [record.id],
      followUp: wrongClaims[0] ? challenge(wrongClaims[0], language) : this.followUp(record, missed[0]?.point, language),
      grader: 'lexical',
      ...(wrongClaims.length > 0 ? { wrongClaims: wrongClaims.map((wrong) => ({ claim: wrong.claim[language], correction: wrong.correction[language] })) } : {}),
    };
  }

  /**
   * What an interviewer asks next: about the first point the answer left out; when it left out
   * none, the question of the record that shares the most concepts with this one.
   */
  private followUp(record: CorpusRecord, missedPoint: KeyPoint | undefined, language: Language): string {
    if (missedPoint) {
      return language === 'zh' ? `你还没有提到：“${missedPoint.zh}” 能解释一下为什么吗？` : `You did not get to this: "${missedPoint.en}" Can you explain why that holds?`;
    }
    const own = this.conceptsByRecord.get(record.id) ?? new Set<number>();
    let related: CorpusRecord | undefined;
    let shared = 0;
    for (const [recordId, concepts] of this.conceptsByRecord) {
      const candidate = this.records.get(recordId);
      if (recordId === record.id || !candidate) continue;
      const overlap = [...concepts].filter((concept) => own.has(concept)).length;
      if (overlap > shared) [related, shared] = [candidate, overlap];
    }
    const next = related ?? this.records.get((record.id % this.records.size) + 1) ?? record;
    return language === 'zh' ? `下一个问题：${next.question.zh}` : `Next question: ${next.question.en}`;
  }
}

/** What an interviewer asks on hearing a wrong claim: to defend it. */
function challenge(wrong: Misconception, language: Language): string {
  return language === 'zh' ? `你的意思是“${wrong.claim.zh}”？确定吗？请讲讲它实际是怎么工作的。` : `You seemed to say: "${wrong.claim.en}" Are you sure? Walk me through how it actually works.`;
}

/** How far an answer makes one point, from 0 to 1. */
function pointCredit(prepared: PreparedPoint, named: ReadonlySet<number>, compacted: string, terms: ReadonlySet<string>): number {
  const share = (own: ReadonlySet<string>) => (own.size === 0 ? 0 : [...own].filter((term) => terms.has(term)).length / own.size);
  const wordShare = Math.max(share(prepared.terms.en), share(prepared.terms.zh));
  const namesIt = [...prepared.concepts].some((concept) => named.has(concept)) || prepared.cues.some((cue) => cue.test(compacted));
  if (namesIt) return Math.min(1, namedOnlyCredit + wordShare);
  if ([...prepared.topicConcepts].some((concept) => named.has(concept))) return Math.min(1, topicOnlyCredit + wordShare);
  return wordShare >= wordsAloneShare ? 0.8 : wordShare / 2;
}

function compact(text: string): string {
  return text.replace(/[\s\-_/·•]+/gu, '');
}
