import { createRequire } from 'node:module';
import type nlpType from 'compromise/two';

const require = createRequire(import.meta.url);
let nlp: typeof nlpType | undefined;

/**
 * The words of an English text that compromise's part-of-speech tagger reads as nouns (pronouns
 * aside), lower case. A word the bank does not know weighs differently by its part of speech: a noun
 * ("car" in "the context window of a car") names something the question is about, while a verb or an
 * adjective ("squish", "giant") is usually the learner's way of saying it. The tagger (a third of a
 * second to load) is loaded on first use, or by prepareLanguageData once the server listens.
 */
export function englishNouns(text: string): Set<string> {
  nlp ??= require('compromise/two') as typeof nlpType;
  const nouns = new Set<string>();
  for (const sentence of nlp(text).json({ terms: { tags: true, normal: true } }) as { terms: { normal: string; tags: string[] }[] }[]) {
    for (const term of sentence.terms) {
      if (term.tags.includes('Noun') && !term.tags.includes('Pronoun')) {
        for (const word of term.normal.toLowerCase().split(/[^a-z0-9]+/u)) if (word !== '') nouns.add(word);
      }
    }
  }
  return nouns;
}
