import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExactVectorIndex, HnswVectorIndex, type HnswParameters } from '../src/vector-index/index.js';
import { LexicalIndex } from '../src/retrieval/index.js';
import { tokenize } from '../src/text/index.js';
import type { CorpusRecord } from '../src/ingest/index.js';
import { round, summarizeLatencies } from './summarize-latencies.js';
import { createRandom } from '../tests/helpers/seeded-random.js';

/** Figures for one synthetic corpus size. */
export interface ScaleResult {
  chunks: number;
  dimensions: number;
  hnsw: HnswParameters;
  buildMs: number;
  heapAndNativeMb: number;
  queryP50Ms: number;
  queryP95Ms: number;
  /** The same searches through LangChain's `similaritySearchVectorWithScore` (documents, not labels). */
  langChainQueryP50Ms: number;
  recallAt10: number;
  exactQueryP50Ms: number;
  speedup: number;
  lexicalBuildMs: number;
  lexicalQueryP50Ms: number;
}

/**
 * Unit vectors in clusters, like embeddings of text on many topics (uniform random vectors in 384
 * dimensions have no neighbourhood structure and would measure nothing real).
 */
function createClusteredSampler(topics: number, dimensions: number, random: () => number): () => Float32Array {
  const gaussian = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: topics }, () => Float32Array.from({ length: dimensions }, gaussian));
  return () => {
    const centre = centres[Math.floor(random() * centres.length)] as Float32Array;
    const vector = Float32Array.from(centre, (value) => value + 0.6 * gaussian());
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  };
}

/** 3,000 pronounceable pseudo-words; drawn with a Zipf-like skew, as words in real text are. */
const vocabulary = Array.from({ length: 3000 }, (_, index) => {
  const syllables = ['ka', 'to', 'mi', 're', 'su', 'lo', 'ne', 'vi', 'da', 'po', 'ri', 'ta'];
  let word = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor(rest / syllables.length)) word += syllables[rest % syllables.length];
  return `${word}x`;
});

function pickWord(random: () => number): string {
  return vocabulary[Math.min(vocabulary.length - 1, Math.floor(vocabulary.length * random() ** 3))] ?? 'kax';
}

function syntheticRecords(count: number, random: () => number): CorpusRecord[] {
  const sentence = (words: number) => Array.from({ length: words }, () => pickWord(random)).join(' ');
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    question: { en: `${sentence(8)}?`, zh: '' },
    answer: { en: `${sentence(60)}.`, zh: '' },
    restorations: [],
  }));
}

/** Builds HNSW and exact indexes over `count` synthetic chunks and compares them. */
export async function measureScale(count: number, hnsw: HnswParameters, dimensions = 384, queries = 200): Promise<ScaleResult> {
  const random = createRandom(count);
  const sample = createClusteredSampler(Math.max(8, Math.round(Math.sqrt(count))), dimensions, random);
  const vectors = Array.from({ length: count }, sample);
  const labels = vectors.map((_, label) => label);
  // Queries are new points from the same distribution, as questions are new texts on the same topics.
  const queryVectors = Array.from({ length: queries }, sample);

  let started = performance.now();
  const index = HnswVectorIndex.create(dimensions, count, hnsw);
  index.add(vectors, labels);
  const buildMs = performance.now() - started;
  // The saved store (graph with the vectors and links, and the documents) is what the index costs in
  // memory once loaded (an RSS difference would be blurred by the garbage collector).
  const folder = await mkdtemp(path.join(tmpdir(), `tutor-bench-${count}-`));
  await index.save(folder);
  let savedBytes = 0;
  for (const file of await readdir(folder)) savedBytes += (await stat(path.join(folder, file))).size;
  const heapAndNativeMb = savedBytes / 1024 / 1024;
  await rm(folder, { recursive: true, force: true });

  const exact = new ExactVectorIndex(dimensions);
  exact.add(vectors, labels);
  const approximateTimes: number[] = [];
  const langChainTimes: number[] = [];
  const exactTimes: number[] = [];
  let found = 0;
  for (const [position, query] of queryVectors.entries()) {
    // The second search of a query finds the graph's pages warm: which path goes first alternates.
    const timeLangChain = async () => {
      const langChainStarted = performance.now();
      await index.store.similaritySearchVectorWithScore(Array.from(query), 10);
      langChainTimes.push(performance.now() - langChainStarted);
    };
    if (position % 2 === 1) await timeLangChain();
    started = performance.now();
    const approximate = await index.search(query, 10);
    approximateTimes.push(performance.now() - started);
    if (position % 2 === 0) await timeLangChain();
    started = performance.now();
    const truth = await exact.search(query, 10);
    exactTimes.push(performance.now() - started);
    const truthLabels = new Set(truth.map((hit) => hit.label));
    found += approximate.filter((hit) => truthLabels.has(hit.label)).length;
  }

  const records = syntheticRecords(Math.min(count, 20_000), random);
  started = performance.now();
  const lexical = LexicalIndex.build({ records, glossary: [] });
  const lexicalBuildMs = performance.now() - started;
  const lexicalTimes: number[] = [];
  for (let query = 0; query < 50; query += 1) {
    const terms = tokenize([pickWord(random), pickWord(random), pickWord(random)].join(' ')).map((term) => ({ term, weight: 1 }));
    started = performance.now();
    lexical.search(terms, 20);
    lexicalTimes.push(performance.now() - started);
  }

  const approximateSummary = summarizeLatencies(approximateTimes);
  const exactSummary = summarizeLatencies(exactTimes);
  return {
    chunks: count,
    dimensions,
    hnsw,
    buildMs: round(buildMs),
    heapAndNativeMb: round(heapAndNativeMb),
    queryP50Ms: round(approximateSummary.p50),
    queryP95Ms: round(approximateSummary.p95),
    langChainQueryP50Ms: round(summarizeLatencies(langChainTimes).p50),
    recallAt10: round(found / (queries * 10)),
    exactQueryP50Ms: round(exactSummary.p50),
    speedup: round(exactSummary.p50 / Math.max(approximateSummary.p50, 1e-6)),
    lexicalBuildMs: round(lexicalBuildMs),
    lexicalQueryP50Ms: round(summarizeLatencies(lexicalTimes).p50),
  };
}
