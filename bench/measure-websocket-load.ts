import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { startFakeOpenAiServer } from '../tests/helpers/fake-openai-server.js';
import { startTutorProcess } from './start-tutor-process.js';
import { round, summarizeLatencies, type LatencySummary } from './summarize-latencies.js';


/** One level of load: how many sessions, and how long each waits between its asks (0: back to back). */
export interface LoadLevel {
  sessions: number;
  thinkMs: number;
  /** Asks per session (default 5). */
  asks?: number;
}

/** Figures for one level of concurrency. */
export interface LoadResult {
  sessions: number;
  thinkMs: number;
  asks: number;
  errors: number;
  firstToken: LatencySummary;
  done: LatencySummary;
  /** The LLM server's own time to first byte of a streamed answer, measured directly, for comparison. */
  llmDirectFirstToken: LatencySummary;
  serverPeakRssMb: number;
  /** CPU time the tutor process spent per ask (user + system). */
  serverCpuMsPerAsk: number;
  /** CPU time the bench process (clients and fake LLM) spent per ask: it shares the two cores. */
  benchCpuMsPerAsk: number;
  elapsedMs: number;
  /** Answered questions per second over the level. */
  questionsPerSecond: number;
  /** Questions reranked lexically because the model was busy (`done.degraded`). */
  degraded: number;
}

/**
 * Starts the tutor in its own process (so its peak memory is its own) against an OpenAI-compatible
 * server on loopback that answers at once, then runs `sessions` concurrent websocket sessions, each
 * asking `asksPerSession` questions one after another. Time to first token minus the LLM's own time
 * to first token is the tutor's overhead.
 */
export async function measureWebsocketLoad(
  indexDirectory: string,
  levels: readonly LoadLevel[],
  questions: readonly string[],
  options: { asksPerSession?: number; environment?: Record<string, string> } = {},
): Promise<LoadResult[]> {
  const asksPerSession = options.asksPerSession ?? 5;
  const llm = await startFakeOpenAiServer({ reply: 'A short answer from the model, citing the bank. [Q36]', chunkCharacters: 8 });
  const profile = process.env['BENCH_CPU_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROFILE']}`] : [];
  const tutor = await startTutorProcess(
    {
      INDEX_DIR: indexDirectory,
      // Info, as in production: the per-answer log line is part of the cost.
      LOG_LEVEL: 'info',
      LLM_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'fake-model',
      // The load comes from one address: lift the per-address limits for the measurement.
      ASKS_PER_MINUTE_PER_IP: '1000000',
      ASKS_PER_MINUTE_PER_CONNECTION: '100000',
      CONNECTIONS_PER_IP: '100000',
      CONNECTIONS_PER_MINUTE_PER_IP: '1000000',
      SESSIONS_PER_IP: '100000',
      SOCKETS_PER_IP: '0',
      FRAMES_PER_SECOND: '100000',
      FRAME_BURST: '100000',
      ...options.environment,
    },
    profile,
  ).catch(async (error: unknown) => {
    await llm.close();
    throw error;
  });
  const { child, url } = tutor;
  try {
    const results: LoadResult[] = [];
    // One unmeasured ask first: the first answer pays for JIT compilation and the LLM connection.
    await runSession(`${url.replace(/^http/u, 'ws')}/ws`, 3, 0, () => 'What is RAG?', [], [], { degraded: 0 });
    for (const { sessions, thinkMs, asks: asksOfLevel } of levels) {
      const asksPerLevelSession = asksOfLevel ?? asksPerSession;
      const firstToken: number[] = [];
      const done: number[] = [];
      const counts = { degraded: 0 };
      const serverCpuBefore = await processCpuMs(child.pid);
      const benchCpuBefore = process.cpuUsage();
      const levelStarted = performance.now();
      // A session that fails stops asking: every ask it did not finish counts as an error.
      await Promise.allSettled(
        Array.from({ length: sessions }, (_, sessionIndex) =>
          runSession(`${url.replace(/^http/u, 'ws')}/ws`, asksPerLevelSession, thinkMs, (index) => questions[(sessionIndex + index) % questions.length] ?? 'What is RAG?', firstToken, done, counts),
        ),
      );
      const elapsedMs = performance.now() - levelStarted;
      const serverCpuMs = (await processCpuMs(child.pid)) - serverCpuBefore;
      const benchCpu = process.cpuUsage(benchCpuBefore);
      const errors = sessions * asksPerLevelSession - done.length;
      const direct: number[] = [];
      for (let index = 0; index < 20; index += 1) direct.push(await directFirstToken(llm.baseUrl));
      results.push({
        sessions,
        thinkMs,
        asks: done.length,
        errors,
        firstToken: rounded(summarizeLatencies(firstToken)),
        done: rounded(summarizeLatencies(done)),
        llmDirectFirstToken: rounded(summarizeLatencies(direct)),
        serverPeakRssMb: round(await peakRssMb(child.pid)),
        serverCpuMsPerAsk: round(serverCpuMs / Math.max(1, done.length)),
        benchCpuMsPerAsk: round((benchCpu.user + benchCpu.system) / 1000 / Math.max(1, done.length)),
        elapsedMs: round(elapsedMs),
        questionsPerSecond: round(done.length / (elapsedMs / 1000)),
        degraded: counts.degraded,
      });
    }
    return results;
  } finally {
    await tutor.stop();
    await llm.close();
  }
}

async function runSession(
  url: string,
  asks: number,
  thinkMs: number,
  question: (index: number) => string,
  firstToken: number[],
  done: number[],
  counts: { degraded: number },
): Promise<void> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', function onReady(data) {
      if ((JSON.parse(String(data)) as { type: string }).type === 'ready') {
        socket.off('message', onReady);
        resolve();
      }
    });
  });
  try {
    // Paced sessions start at random moments within one think time, as real learners do not ask in step.
    if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs));
    for (let index = 0; index < asks; index += 1) {
      if (index > 0 && thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs));
      const started = performance.now();
      let sawToken = false;
      await new Promise<void>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(String(data)) as { type: string; id?: number; code?: string; degraded?: string[] };
          if (message.id !== index) return;
          if (message.type === 'token' && !sawToken) {
            sawToken = true;
            firstToken.push(performance.now() - started);
          } else if (message.type === 'done') {
            done.push(performance.now() - started);
            if (message.degraded?.includes('rerank')) counts.degraded += 1;
            socket.off('message', onMessage);
            resolve();
          } else if (message.type === 'error') {
            socket.off('message', onMessage);
            reject(new Error(message.code));
          }
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ type: 'ask', id: index, text: question(index) }));
      });
    }
  } finally {
    socket.close();
  }
}

async function directFirstToken(baseUrl: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const reader = response.body?.getReader();
  let text = '';
  while (reader && !text.includes('"content"')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
  }
  const elapsed = performance.now() - started;
  await reader?.cancel();
  return elapsed;
}

/** User plus system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
async function processCpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

/** The process's peak resident memory (VmHWM) from /proc; 0 where /proc is missing. */
async function peakRssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmHWM:\s+(\d+) kB/u.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

function rounded(summary: LatencySummary): LatencySummary {
  return { count: summary.count, p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max) };
}
