/** One message of a conversation, as the session keeps it. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
  /** Records an assistant turn cited. */
  citations?: number[];
  /** For a user turn: the standalone question it was rewritten to. */
  rewrittenQuery?: string;
}
