import type { Concept } from '../ingest/index.js';
import { containsChinese, englishLexicon, normalizeText, stemWord } from '../text/index.js';

/** A concept named in a text, and where (offsets in the normalized text). */
export interface ConceptMention {
  /** Position of the concept in the lexicon. */
  concept: number;
  start: number;
  end: number;
}

interface EnglishName {
  concept: number;
  stems: string[];
}

interface PlacedWord {
  stem: string;
  start: number;
  end: number;
}

const separators = /[-_/·•]/gu;
const compactable = /[\s\-_/·•]/u;

/**
 * Finds the concepts of the lexicon that a text names, in either language, by any of their names:
 * English names as sequences of stemmed words (connectives aside, so "query, key and value" meets
 * "query key value"), also run together ("beam search" → "beamsearch"); Chinese names as substrings
 * with spaces and hyphens ignored ("Top-k 采样" meets "top-k采样").
 */
export class ConceptMatcher {
  private readonly englishByFirstStem = new Map<string, EnglishName[]>();
  /** Chinese names by their first character: a text is scanned once, not once per name. */
  private readonly chineseByFirstCharacter = new Map<string, { concept: number; key: string }[]>();

  constructor(concepts: readonly Concept[]) {
    concepts.forEach((concept, index) => {
      for (const name of [...concept.names.en, ...concept.names.zh]) {
        if (containsChinese(name)) {
          const key = compact(normalizeText(name)).text;
          if (key.length >= 2) {
            const first = key[0] ?? '';
            this.chineseByFirstCharacter.set(first, [...(this.chineseByFirstCharacter.get(first) ?? []), { concept: index, key }]);
          }
          continue;
        }
        const words = placeWords(normalizeText(name));
        const written = normalizeText(name).replace(separators, ' ').match(/[a-z0-9]+/gu) ?? [];
        // A name of function words only, or one that is a single general word ("a few examples" is not "examples"), names nothing.
        if (words.length === 0 || written.every((word) => englishLexicon.stopwords.has(word) || englishLexicon.generalWords.has(word))) continue;
        this.addEnglish(index, words.map((word) => word.stem));
        if (words.length > 1 && words.length <= 3) {
          const joined = normalizeText(name).replace(separators, ' ').split(/\s+/u).filter((word) => word !== '' && !englishLexicon.connectives.has(word)).join('');
          this.addEnglish(index, [stemWord(joined)]);
        }
      }
    });
    for (const names of this.englishByFirstStem.values()) names.sort((left, right) => right.stems.length - left.stems.length);
  }

  private addEnglish(concept: number, stems: string[]): void {
    const first = stems[0] ?? '';
    const names = this.englishByFirstStem.get(first) ?? [];
    if (!names.some((name) => name.concept === concept && name.stems.join(' ') === stems.join(' '))) names.push({ concept, stems });
    this.englishByFirstStem.set(first, names);
  }

  /** Every mention of a concept in a text already passed through `normalizeText`. */
  find(normalized: string): ConceptMention[] {
    const mentions: ConceptMention[] = [];
    const words = placeWords(normalized);
    words.forEach((word, position) => {
      for (const name of this.englishByFirstStem.get(word.stem) ?? []) {
        const last = words[position + name.stems.length - 1];
        if (!last || !name.stems.every((stem, offset) => words[position + offset]?.stem === stem)) continue;
        mentions.push({ concept: name.concept, start: word.start, end: last.end });
      }
    });
    if (containsChinese(normalized)) {
      const { text, offsets } = compact(normalized);
      for (let at = 0; at < text.length; at += 1) {
        for (const { concept, key } of this.chineseByFirstCharacter.get(text[at] ?? '') ?? []) {
          if (text.startsWith(key, at)) mentions.push({ concept, start: offsets[at] ?? 0, end: (offsets[at + key.length - 1] ?? 0) + 1 });
        }
      }
    }
    return dedupe(mentions);
  }
}

/** The words of a normalized text with their places, connectives left out, each stemmed. */
function placeWords(normalized: string): PlacedWord[] {
  const words: PlacedWord[] = [];
  for (const match of normalized.replace(separators, ' ').matchAll(/[a-z0-9]+/gu)) {
    if (englishLexicon.connectives.has(match[0])) continue;
    const start = match.index ?? 0;
    words.push({ stem: /^\d+$/u.test(match[0]) ? match[0] : stemWord(match[0]), start, end: start + match[0].length });
  }
  return words;
}

/** The text without spaces and hyphens, and where each of its characters stood. */
function compact(text: string): { text: string; offsets: number[] } {
  let result = '';
  const offsets: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] ?? '';
    if (compactable.test(character)) continue;
    result += character;
    offsets.push(index);
  }
  return { text: result, offsets };
}

function dedupe(mentions: ConceptMention[]): ConceptMention[] {
  const seen = new Set<string>();
  return mentions.filter((mention) => {
    const key = `${mention.concept}:${mention.start}:${mention.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
