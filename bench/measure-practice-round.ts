import WebSocket from 'ws';
import type { GradingCase } from '../src/evaluation/index.js';
import type { TutorRuntime } from '../src/runtime/index.js';
import type { RunningServer } from '../src/server/index.js';
import { summarizeLatencies, type LatencySummary } from './summarize-latencies.js';

/** What a practice round costs: the grader alone, and whole rounds over the websocket on loopback. */
export interface PracticeRoundResult {
  rounds: number;
  /** The lexical grader, in process. */
  grade: LatencySummary;
  /** `practice.next` → `practice.question`, round trip. */
  next: LatencySummary;
  /** `practice.answer` → `practice.grade` (grade, FSRS, two SQLite writes), round trip. */
  answer: LatencySummary;
}

/** Grades every answer of a grading set in process, then plays them as practice rounds over one websocket session. */
export async function measurePracticeRound(runtime: TutorRuntime, server: RunningServer, answers: readonly GradingCase[]): Promise<PracticeRoundResult> {
  const grade: number[] = [];
  // One warm-up pass, as a running server has.
  for (const answer of answers) await runtime.grader.grade({ recordId: answer.recordId, answer: answer.answer });
  for (const answer of answers) {
    const started = performance.now();
    await runtime.grader.grade({ recordId: answer.recordId, answer: answer.answer });
    grade.push(performance.now() - started);
  }

  const socket = new WebSocket(`${server.url.replace(/^http/u, 'ws')}/ws`, { headers: { origin: server.url } });
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const id = typeof message['id'] === 'string' ? message['id'] : undefined;
    if (id) waiting.get(id)?.(message);
    // An error about no message in particular (the frame budget, say) fails whatever waits: never a hang.
    else if (message['type'] === 'error') for (const settle of waiting.values()) settle(message);
  });
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });
  const roundTrip = (message: Record<string, unknown> & { id: string }) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      waiting.set(message.id, (reply) => {
        waiting.delete(message.id);
        if (reply['type'] === 'error') reject(new Error(`${String(reply['code'])}: ${String(reply['message'])}`));
        else resolve(performance.now() - started);
      });
      socket.send(JSON.stringify(message));
    });
  const next: number[] = [];
  const answer: number[] = [];
  // One round every 500 ms keeps within the default frame budget (5 a second); a learner types far slower.
  for (const [index, played] of answers.entries()) {
    next.push(await roundTrip({ type: 'practice.next', id: `n${index}`, recordId: played.recordId }));
    answer.push(await roundTrip({ type: 'practice.answer', id: `a${index}`, recordId: played.recordId, text: played.answer }));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  socket.close();
  return { rounds: answers.length, grade: summarizeLatencies(grade), next: summarizeLatencies(next), answer: summarizeLatencies(answer) };
}
