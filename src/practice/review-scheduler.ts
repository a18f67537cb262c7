import { createEmptyCard, fsrs, Rating, TypeConvert, type Card, type FSRS, type Grade as FsrsGrade } from 'ts-fsrs';
import type { GradeVerdict } from './grade.js';

/** Scores from which a strong answer counts as easy (comes back later than a merely good one). */
const easyScore = 0.85;

/**
 * When each record comes back for a learner: FSRS (`ts-fsrs`, its default parameters, no fuzz so a
 * schedule is reproducible) over the grade mapped to a rating — missed → Again, partial → Hard,
 * strong → Good, or Easy from a score of 0.85. With FSRS's learning steps a new question that was
 * missed comes back in a minute, a partial one in about six, a strong one in ten and then days later
 * once answered strongly again; an Easy first answer goes straight to eight days.
 */
export class ReviewScheduler {
  private readonly scheduler: FSRS = fsrs({ enable_fuzz: false });

  /** The card after this answer and when it is due; `previous` is the stored card (JSON), if any. */
  review(previous: string | undefined, verdict: GradeVerdict, score: number, now: number): { card: string; dueAt: number } {
    const card: Card = previous ? TypeConvert.card(JSON.parse(previous) as Card) : createEmptyCard(new Date(now));
    const next = this.scheduler.next(card, new Date(now), ratingFor(verdict, score)).card;
    return { card: JSON.stringify(next), dueAt: next.due.getTime() };
  }
}

function ratingFor(verdict: GradeVerdict, score: number): FsrsGrade {
  if (verdict === 'missed') return Rating.Again;
  if (verdict === 'partial') return Rating.Hard;
  return score >= easyScore ? Rating.Easy : Rating.Good;
}
