import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/index.js';
import { createLogger, createRuntime } from '../src/runtime/index.js';
import { startServer } from '../src/server/index.js';
import { createTemporaryDirectory } from '../tests/helpers/temporary-directory.js';
import { measureColdStart, measureIngest } from './measure-ingest.js';
import { measureQueryPath, readQuestions } from './measure-query-path.js';
import { measureRetrievalModes } from './measure-retrieval-modes.js';
import { measureScale } from './measure-scale.js';
import { measureWebsocketLoad } from './measure-websocket-load.js';
import { measurePracticeRound } from './measure-practice-round.js';
import { readGradingCases } from '../src/evaluation/index.js';
import { measureInstallSize } from './measure-install-size.js';
import { formatBenchTables } from './format-bench-tables.js';
import type { DtypeResult } from './measure-dtype.js';
import { measureRealShapes } from './measure-real-shapes.js';
import { formatRealShapeTables } from './format-real-shape-tables.js';

/**
 * `npm run bench`: what the tutor costs, against the obvious alternatives, at growing scale.
 * Prints tables and writes bench/results.json. Medians and ratios from one run; absolute times vary
 * on shared machines. `BENCH_QUICK=1` skips the 100k-chunk corpus.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env['BENCH_QUICK'] === '1';
const started = performance.now();
const temporary = await createTemporaryDirectory('tutor-bench-');
const logger = createLogger('silent');
const say = (text: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);

try {
  const questions = await readQuestions(path.join(projectRoot, 'eval/dev.jsonl'));

  say('ingest phases and cold start');
  const ingest = await measureIngest(temporary.directory, undefined);
  const coldStarts: number[] = [];
  for (let run = 0; run < 3; run += 1) coldStarts.push(await measureColdStart(temporary.directory));

  say('query path (retrieve, rerank, /api/search)');
  // One client measures: the per-address and per-connection budgets are lifted for it.
  const config = loadConfig(
    { INDEX_DIR: temporary.directory, DATA_DIR: temporary.directory, MODELS_OFFLINE: '1', EMBED_MODEL: '', RERANK_MODEL: '', ASKS_PER_MINUTE_PER_IP: '1000000', ASKS_PER_MINUTE_PER_CONNECTION: '100000' },
    projectRoot,
  );
  const runtime = await createRuntime(config, { logger });
  const server = await startServer(runtime, { host: '127.0.0.1', port: 0, logger });
  const queryPath = await measureQueryPath(runtime, server, questions);
  say('practice rounds (the grading dev set, one session)');
  const practice = await measurePracticeRound(runtime, server, (await readGradingCases(path.join(projectRoot, 'eval/grading-dev.jsonl'))).slice(0, 40));
  await server.close(100);
  await runtime.close();

  say('websocket overhead and load (1, 50, 200 sessions)');
  const load = await measureWebsocketLoad(
    temporary.directory,
    [
      { sessions: 1, thinkMs: 0, asks: 100 },
      { sessions: 50, thinkMs: 0 },
      { sessions: 200, thinkMs: 0 },
      { sessions: 200, thinkMs: 1000 },
    ],
    questions,
  );

  say('neural path at the real shapes (random-weight graphs of the real models, generated once into .bench-models/)');
  const realShapeCache = path.join(projectRoot, '.bench-models');
  const config13 = loadConfig({}, projectRoot);
  const realShapes = await measureRealShapes({ projectRoot, corpusPaths: config13.corpus, questions, cacheDirectory: realShapeCache, quick, say });
  say('load with the default models at their real shapes (1, 50, 200 sessions)');
  const realShapeIndex = await createTemporaryDirectory('tutor-bench-real-shape-');
  const realShapeLoad = await measureWebsocketLoad(
    realShapeIndex.directory,
    [
      { sessions: 1, thinkMs: 0, asks: 20 },
      { sessions: 50, thinkMs: 10_000, asks: 3 },
      { sessions: 200, thinkMs: 10_000, asks: 3 },
    ],
    questions,
    // The tutor's own defaults (models, dtype, candidates), read from the real-shape graphs.
    { environment: { MODELS_DIR: realShapeCache, MODELS_OFFLINE: '1', EMBED_MODEL: config13.embedModel, RERANK_MODEL: config13.rerankModel } },
  ).finally(() => realShapeIndex.remove());

  say('retrieval modes on the dev set (tiny test model)');
  const modes = await measureRetrievalModes(path.join(projectRoot, 'eval/dev.jsonl'));

  say('embedding dtype: fp32 against q8 (needs the real model files locally)');
  const dtype = await measureDtypeInChild();

  say('scale: synthetic corpora');
  const tuning = { m: 16, efConstruction: 200, efSearch: 64 };
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const scale = [];
  for (const size of sizes) {
    say(`  ${size} chunks`);
    scale.push(await measureScale(size, tuning));
  }

  say('HNSW tuning at 10k chunks');
  const tuningRuns = [];
  for (const parameters of [
    { m: 8, efConstruction: 200, efSearch: 64 },
    { m: 16, efConstruction: 100, efSearch: 64 },
    { m: 32, efConstruction: 200, efSearch: 64 },
    { m: 16, efConstruction: 200, efSearch: 16 },
    { m: 16, efConstruction: 200, efSearch: 32 },
    { m: 16, efConstruction: 200, efSearch: 128 },
  ]) {
    tuningRuns.push(await measureScale(10_000, parameters));
  }

  say('install size');
  const install = await measureInstallSize(projectRoot);

  const results = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.release()}` },
    date: new Date().toISOString(),
    ingest: { ...ingest, coldStartMs: coldStarts },
    queryPath,
    practice,
    load,
    modes,
    dtype,
    realShape: { ...realShapes, load: realShapeLoad },
    scale,
    tuning: tuningRuns,
    install,
    totalSeconds: Math.round((performance.now() - started) / 1000),
  };
  await mkdir(path.join(projectRoot, 'bench'), { recursive: true });
  await writeFile(path.join(projectRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatBenchTables(results)}\n\n${formatRealShapeTables(results.realShape)}\n`);
  say('wrote bench/results.json');
  if (load.some((level) => level.errors > 0)) process.exitCode = 1;
} finally {
  await temporary.remove();
}

/** The dtype comparison runs in its own process: onnxruntime-node allows one worker thread per process. */
async function measureDtypeInChild(): Promise<DtypeResult> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench/measure-dtype.ts')], { cwd: projectRoot, env: { ...process.env, MODELS_OFFLINE: '1' } }, (error, stdout) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as DtypeResult);
      } catch {
        resolve({ skipped: `the comparison failed: ${error?.message ?? line}` });
      }
    });
  });
}
