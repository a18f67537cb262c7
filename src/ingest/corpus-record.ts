import type { Language } from '../text/index.js';

export type { Language };

/** The same text in English and Chinese. */
export interface BilingualText {
  en: string;
  zh: string;
}

/**
 * A piece of text that the copy of the bank lost and a reviewed overlay put back.
 * The inserted part also appears in the record's text between `⟦` and `⟧`, so that every
 * place that shows the text shows what was restored.
 */
export interface Restoration {
  language: Language;
  field: 'question' | 'answer';
  /** The damaged text as it stood in the source. */
  damaged: string;
  /** The same passage after restoration, markers included. */
  restored: string;
  /** Why this restoration is right (the standard formula, or where the value comes from). */
  reason: string;
}

/** One interview question with its model answer, in both languages. */
export interface CorpusRecord {
  id: number;
  question: BilingualText;
  answer: BilingualText;
  restorations: Restoration[];
}

/** Opening and closing marks around restored text. */
export const RESTORED_OPEN = '⟦';
export const RESTORED_CLOSE = '⟧';
