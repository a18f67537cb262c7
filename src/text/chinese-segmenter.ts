import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

const require = createRequire(import.meta.url);

let segmenter: Jieba | undefined;
let frequencies: Map<string, number> | undefined;
let nouns: Set<string> | undefined;

/** jieba with its default dictionary, built on first use (about 0.2 s, once per process). */
function jieba(): Jieba {
  if (!segmenter) {
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    segmenter = Jieba.withDict(dict);
  }
  return segmenter;
}

const addedWords = new Set<string>();
/** Frequency given to the bank's own words: high enough that jieba keeps them whole. */
const bankWordFrequency = 10_000;

/**
 * Teaches jieba the bank's own terms (its concepts' Chinese names: 词元化, 束搜索, 低秩自适应), which
 * its general dictionary lacks and would cut into single characters. Idempotent; index building and
 * query analysis both call it, so a term is cut the same way in the bank and in a question.
 */
export function addChineseWords(words: Iterable<string>): void {
  const fresh = [...words].filter((word) => word.length > 1 && !/\s/u.test(word) && !addedWords.has(word));
  if (fresh.length === 0) return;
  for (const word of fresh) addedWords.add(word);
  jieba().loadDict(new TextEncoder().encode(fresh.map((word) => `${word} ${bankWordFrequency} n`).join('\n')));
}

/**
 * Cuts a run of Chinese characters into words with jieba's dictionary ("多头注意力为啥要分成" →
 * 多头 / 注意力 / 为啥 / 要 / 分成), so that a word, not a bigram that straddles two words, is the
 * unit of meaning. Falls back to single characters if the cut does not add up to the run.
 */
export function segmentChinese(run: string): string[] {
  const words = jieba().cut(run, false);
  return words.join('') === run ? words : Array.from(run);
}

/**
 * How often a Chinese word occurs in jieba's general-language dictionary (0 when it is not there):
 * tells an everyday word (为啥, 胡说八道) from a technical one the bank may not know (卷积, 归一化).
 */
export function chineseWordFrequency(word: string): number {
  frequencies ??= readDictionary();
  return frequencies.get(word) ?? 0;
}

/** True when jieba's dictionary tags the word as a noun (n, nr, ns, nz, vn…), like 手机 or 卷积. */
export function isChineseNoun(word: string): boolean {
  if (!nouns) readDictionary();
  return nouns?.has(word) ?? false;
}

/** Words of the dictionary rarer than this are kept out of the table: all that matters of them is that they are rare. */
const minimumKeptFrequency = 5;

function readDictionary(): Map<string, number> {
  const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
  const text = new TextDecoder().decode(dict);
  const table = new Map<string, number>();
  const nounWords = new Set<string>();
  // Lines are "word count tag"; a hand-written scan is several times faster than split() over 350,000 lines.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const space = text.indexOf(' ', start);
    if (space > start && space < end) {
      const tagAt = text.indexOf(' ', space + 1);
      const count = Number.parseInt(text.slice(space + 1, tagAt === -1 || tagAt > end ? end : tagAt), 10);
      if (count >= minimumKeptFrequency) {
        const word = text.slice(start, space);
        table.set(word, count);
        const tag = tagAt === -1 || tagAt > end ? '' : text.slice(tagAt + 1, end).trim();
        if (tag.startsWith('n') || tag === 'vn') nounWords.add(word);
      }
    }
    start = end + 1;
  }
  frequencies = table;
  nouns = nounWords;
  return table;
}

/** Loads jieba and its word frequencies now, instead of on the first Chinese question. */
export function prepareChineseSegmenter(): void {
  jieba();
  chineseWordFrequency('');
}
