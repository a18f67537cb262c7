import type { LimitsConfig } from '../config/index.js';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import type { PracticeCoach } from '../practice/index.js';
import type { PracticeMessage, ServerMessage } from './protocol.js';
import type { Session, SessionStore } from './session-store.js';
import { createResumeToken, resumeTokenMatches } from './resume-token.js';
import { validateQuestion } from './validate-question.js';

/** What a practice message needs of its connection. */
export interface PracticeContext {
  coach: PracticeCoach;
  sessions: SessionStore;
  session: Session;
  limits: LimitsConfig;
  owner: string;
  /** The per-address ask budget: a graded answer costs like an ask. */
  admitAsk?: (address: string) => void;
  now?: () => number;
  /** Stops the grading (the client left). */
  signal?: AbortSignal;
}

/**
 * Answers `practice.next`, `practice.answer` and `progress` (CONTRACT.md, Practice), and beyond the
 * contract `practice.forget` and `learner`. Progress is kept under the session's learner: the session
 * itself (its id) until the page names a learner whose token it holds, so a learner outlives the
 * session. The session is stored at its first graded answer as at its first ask. Throws a TutorError
 * for the connection to send as an `error` with the message's id.
 */
export async function handlePracticeMessage(message: PracticeMessage, context: PracticeContext, send: (message: ServerMessage) => void): Promise<void> {
  const { coach, sessions, session } = context;
  const clock = context.now ?? Date.now;
  const now = clock();
  const learner = session.learnerId;
  switch (message.type) {
    case 'practice.next': {
      // Not stored yet: like a connection that has not asked, a question shown costs the store nothing.
      const question = coach.next(learner, {
        ...(message.topic === undefined ? {} : { topic: message.topic }),
        ...(message.recordId === undefined ? {} : { recordId: message.recordId }),
        ...(message.language === undefined ? {} : { language: message.language }),
      }, now);
      send({ type: 'practice.question', id: message.id, ...question });
      return;
    }
    case 'practice.answer': {
      const text = validateQuestion(message.text, context.limits.maxMessageCharacters);
      context.admitAsk?.(context.owner);
      sessions.keep(session);
      // Forgetting the learner while this is graded aborts it: the answer is then not recorded.
      const forgotten = new AbortController();
      const untrack = sessions.trackGrading(learner, forgotten);
      try {
        const signal = context.signal ? AbortSignal.any([context.signal, forgotten.signal]) : forgotten.signal;
        // The time of the answer is when it was graded: two answers in a row are scheduled in order.
        const graded = await coach.answer(learner, message.recordId, text, undefined, clock, signal);
        send({ type: 'practice.grade', id: message.id, ...graded });
      } finally {
        untrack();
      }
      return;
    }
    case 'progress':
      send({ type: 'progress', id: message.id, ...coach.progress(learner, now, (message.utcOffsetMinutes ?? 0) * 60_000) });
      return;
    case 'practice.forget':
      coach.forget(learner);
      // This session, and every other bound to the learner, go on as new learners; an answer of theirs being graded is not kept.
      sessions.forgetLearner(learner);
      send({ type: 'progress', id: message.id, ...coach.progress(session.learnerId, now) });
      return;
    case 'learner': {
      if ((message.learner === undefined) !== (message.token === undefined)) {
        throw new BadRequestError('learner and token come together, or neither', { field: message.learner === undefined ? 'learner' : 'token' });
      }
      if (message.learner === undefined || message.token === undefined) {
        // A learner row costs the store like a graded answer does.
        context.admitAsk?.(context.owner);
        const { token, hash } = createResumeToken();
        coach.setLearnerToken(learner, hash, now);
        send({ type: 'learner', id: message.id, learner, token });
        return;
      }
      const stored = coach.learnerTokenHash(message.learner);
      if (!stored || !resumeTokenMatches(message.token, stored)) throw new NotFoundError('no learner with that id and token (it may have been forgotten)');
      sessions.setLearner(session, message.learner);
      send({ type: 'learner', id: message.id, learner: message.learner });
    }
  }
}
