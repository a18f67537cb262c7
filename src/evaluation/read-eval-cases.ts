import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BadRequestError } from '../errors/index.js';

const evalCaseSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  turns: z.array(z.string().min(1)).min(1),
  expect: z.array(z.number().int().positive()),
  mode: z.enum(['normal', 'eli5']).default('normal'),
});

/** One eval case: the learner's turns and the records any of which is a right source for the last. */
export type EvalCase = z.infer<typeof evalCaseSchema>;

/**
 * Reads a JSONL eval file (one case a line, blank lines skipped).
 * @throws BadRequestError naming the file and line of a malformed case.
 */
export async function readEvalCases(filePath: string, signal?: AbortSignal): Promise<EvalCase[]> {
  const text = await readFile(filePath, { encoding: 'utf8', ...(signal ? { signal } : {}) });
  const cases: EvalCase[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new BadRequestError(`${filePath}:${index + 1}: not JSON: ${(error as Error).message}`);
    }
    const parsed = evalCaseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadRequestError(`${filePath}:${index + 1}: ${issue?.path.join('.') || 'case'}: ${issue?.message ?? 'invalid'}`);
    }
    cases.push(parsed.data);
  });
  return cases;
}
