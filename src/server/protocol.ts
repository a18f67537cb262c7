import { z } from 'zod';
import type { Grade, PracticeProgress } from '../practice/index.js';
import type { AnswerTimings, Scope, SourceSummary } from '../tutor/index.js';

/** An ask's id as the client chose it; echoed on every message about that ask. */
export const askIdSchema = z.union([z.string().min(1).max(128), z.number().int().safe()]);
export type AskId = z.infer<typeof askIdSchema>;

const askSchema = z.object({
  type: z.literal('ask'),
  id: askIdSchema,
  text: z.string(),
  mode: z.enum(['normal', 'eli5']).optional(),
});
const cancelSchema = z.object({ type: z.literal('cancel'), id: askIdSchema });
const resetSchema = z.object({ type: z.literal('reset') });
const resumeSchema = z.object({
  type: z.literal('resume'),
  session: z.string().min(1).max(128),
  token: z.string().min(1).max(256),
});

const practiceNextSchema = z.object({
  type: z.literal('practice.next'),
  id: askIdSchema,
  topic: z.string().min(1).max(64).optional(),
  recordId: z.number().int().positive().optional(),
  language: z.enum(['en', 'zh']).optional(),
});
const practiceAnswerSchema = z.object({ type: z.literal('practice.answer'), id: askIdSchema, recordId: z.number().int().positive(), text: z.string() });
const progressSchema = z.object({
  type: z.literal('progress'),
  id: askIdSchema,
  /** Beyond CONTRACT.md: the learner's clock minus UTC, in minutes, so the streak counts the learner's days. */
  utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).optional(),
});
/** Beyond CONTRACT.md: "forget me" deletes the learner's attempts and schedules; answered with an empty `progress`. */
const practiceForgetSchema = z.object({ type: z.literal('practice.forget'), id: askIdSchema });

/**
 * Beyond CONTRACT.md: names the learner whose progress practice uses, so progress outlives a session.
 * With `learner` and `token`, the session takes that learner (a wrong pair is NOT_FOUND); without,
 * the session's own learner is given a new token, which the page keeps as it keeps the session's.
 */
const learnerSchema = z.object({ type: z.literal('learner'), id: askIdSchema, learner: z.string().min(1).max(128).optional(), token: z.string().min(1).max(256).optional() });

/** What a client may send over `/ws`. */
export const clientMessageSchema = z.discriminatedUnion('type', [askSchema, cancelSchema, resetSchema, resumeSchema, practiceNextSchema, practiceAnswerSchema, progressSchema, practiceForgetSchema, learnerSchema]);
export type PracticeMessage =
  | z.infer<typeof practiceNextSchema>
  | z.infer<typeof practiceAnswerSchema>
  | z.infer<typeof progressSchema>
  | z.infer<typeof practiceForgetSchema>
  | z.infer<typeof learnerSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type AskMessage = z.infer<typeof askSchema>;
export type ResumeMessage = z.infer<typeof resumeSchema>;

/** A turn as `ready` shows it: enough to redraw an answer exactly. */
export interface HistoryEntry {
  role: 'user' | 'assistant';
  content: string;
  citations?: number[];
  sources?: SourceSummary[];
  scope?: Scope;
  eli5?: boolean;
  notice?: string;
  stopped?: boolean;
}

/** What the server sends over `/ws`. */
export type ServerMessage =
  | { type: 'ready'; session: string; resumeToken: string; llm: { mode: 'openai' | 'extractive'; model?: string }; records: number; history: HistoryEntry[] }
  | { type: 'sources'; id: AskId; rewrittenQuery: string; sources: SourceSummary[] }
  | { type: 'token'; id: AskId; text: string }
  | { type: 'done'; id: AskId; answer: string; citations: number[]; outOfScope: boolean; scope: Scope; timings: AnswerTimings; notice?: string; degraded?: 'rerank'[] }
  | { type: 'error'; id?: AskId; code: string; message: string; retryAfterMs?: number }
  | { type: 'practice.question'; id: AskId; recordId: number; question: { en: string; zh: string }; language: 'en' | 'zh' }
  | ({ type: 'practice.grade'; id: AskId; schedule: { dueAt: number } } & Grade)
  | ({ type: 'progress'; id: AskId } & PracticeProgress)
  | { type: 'learner'; id: AskId; learner: string; token?: string };

/** The body of `POST /api/chat`. */
export const chatRequestSchema = z.object({
  messages: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() }))
    .min(1, 'messages must hold at least one message'),
  mode: z.enum(['normal', 'eli5']).optional(),
});

/** The body of `POST /api/practice/grade` (stateless: nothing is recorded). */
export const practiceGradeRequestSchema = z.object({
  recordId: z.number().int().positive(),
  answer: z.string(),
  language: z.enum(['en', 'zh']).optional(),
});

/** The query of `GET /api/search`. */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q must not be empty'),
  k: z.coerce.number().int().min(1).max(50).default(5),
});
