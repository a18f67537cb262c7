import { BadRequestError } from '../errors/index.js';
import { createRuntime } from '../runtime/index.js';
import { toChatResponse } from '../server/to-chat-response.js';
import { parseArguments } from './parse-arguments.js';
import { runCommand } from './run-command.js';

/** `npm run ask -- "text" [--eli5] [--json]`: one question from the shell. */
await runCommand(async (config, logger) => {
  const { flags, positionals } = parseArguments(process.argv.slice(2), ['--eli5', '--json']);
  const text = positionals.join(' ').trim();
  if (text === '') throw new BadRequestError('usage: npm run ask -- "your question" [--eli5] [--json]');
  const runtime = await createRuntime(config, { logger });
  try {
    const json = flags.has('--json');
    const response = await toChatResponse(
      runtime.tutor.ask({ text, mode: flags.has('--eli5') ? 'eli5' : 'normal' }),
      json ? undefined : (token) => process.stdout.write(token),
    );
    if (json) {
      process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
      return;
    }
    process.stdout.write('\n');
    if (response.citations.length > 0) {
      process.stdout.write('\nSources:\n');
      for (const id of response.citations) {
        const record = runtime.tutor.record(id);
        if (record) process.stdout.write(`  [Q${id}] ${record.question.en}\n        ${record.question.zh}\n`);
      }
    }
    if (/⟦/u.test(response.answer)) process.stdout.write('\n⟦…⟧ marks text restored by the reviewed overlay (lost in the source copy).\n');
    process.stdout.write(`\n(${runtime.tutor.generationMode}, ${response.timings.totalMs.toFixed(1)} ms)\n`);
  } finally {
    await runtime.close();
  }
});
