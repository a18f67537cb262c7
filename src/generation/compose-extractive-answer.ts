import type { CorpusRecord, Language } from '../ingest/index.js';
import { chineseLexicon, englishLexicon, phrasePattern, splitSentences } from '../text/index.js';

/** What the learner asked for, as far as the shape of the answer goes. */
export type AnswerStyle = 'full' | 'eli5' | 'example';

const englishMarker = phrasePattern(englishLexicon.exampleMarkers, 'en');
const chineseMarker = phrasePattern(chineseLexicon.exampleMarkers, 'zh');

/**
 * An answer built from the record itself, in the learner's language, for when no LLM is configured
 * (or it failed). `full` gives the model answer; `eli5` its defining sentence and its example in plain
 * form; `example` leads with the record's example. Ends with the citation.
 */
export function composeExtractiveAnswer(record: CorpusRecord, language: Language, style: AnswerStyle): string {
  const answer = record.answer[language];
  const citation = `[Q${record.id}]`;
  if (style === 'full') return `**${record.question[language]}**\n\n${answer} ${citation}`;

  const sentences = splitSentences(answer);
  const example = sentences.find((sentence) => (englishMarker.test(sentence) || chineseMarker.test(sentence)) && !sentence.startsWith('- '));
  if (style === 'example') {
    const lead = language === 'zh' ? '举个例子' : 'An example';
    if (example) return `**${lead}** (${record.question[language]})\n\n${example} ${citation}`;
    return `**${record.question[language]}**\n\n${answer} ${citation}`;
  }

  const definition = simplify(sentences[0] ?? answer);
  const bullets = sentences.filter((sentence) => sentence.startsWith('- ')).map((bullet) => `- ${simplifyBullet(bullet)}`);
  const parts = [language === 'zh' ? `**简单来说：** ${definition}` : `**In plain words:** ${definition}`];
  if (bullets.length > 0) parts.push(bullets.join('\n'));
  const secondSentence = sentences[1];
  const illustration = example ?? (bullets.length === 0 && secondSentence && !secondSentence.startsWith('- ') ? secondSentence : undefined);
  if (illustration) parts.push(language === 'zh' ? `**举个例子：** ${simplify(illustration)}` : `**For example:** ${simplify(illustration)}`);
  return `${parts.join('\n\n')} ${citation}`;
}

/** Drops parenthesised asides (acronyms, English glosses) that a newcomer does not need in a first sentence. */
function simplify(sentence: string): string {
  return sentence
    .replace(/\s*[(（](?![^)）]*[⟦$])[^)）]{1,40}[)）]/gu, '')
    .replace(/\s+([,.。，])/gu, '$1')
    .trim();
}

/** Keeps a list item's name and its gist: "- Retrieval: Fetching documents…" → "Retrieval: Fetching documents…". */
function simplifyBullet(bullet: string): string {
  return simplify(bullet.replace(/^-\s*/u, ''));
}
