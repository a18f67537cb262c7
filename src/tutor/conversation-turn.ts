import type { Scope, SourceSummary } from './answer-part.js';

/**
 * One message of a conversation, as the session keeps it: for the learner, what they asked (and the
 * standalone question it was read as); for the tutor, everything the page needs to draw the answer
 * again exactly as it was — after a reload, or in another tab.
 */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
  /** For a user turn: the standalone question it was rewritten to. */
  rewrittenQuery?: string;
  /** Records an assistant turn cited. */
  citations?: number[];
  /** The records retrieved for it, best first. */
  sources?: SourceSummary[];
  scope?: Scope;
  /** Explained for a newcomer. */
  eli5?: boolean;
  /** Said under the answer (the LLM was unavailable, …). */
  notice?: string;
  /** The learner stopped the answer: the text is as far as it got. */
  stopped?: boolean;
}
