import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './project-paths.js';

const execFileAsync = promisify(execFile);

/** Runs one of the npm-script commands the way `npm run` does (tsx), with extra environment; never throws on exit codes. */
export async function runCli(
  command: 'ask-command' | 'eval-command' | 'eval-grading-command' | 'ingest-command' | 'calibrate-command',
  argumentsList: readonly string[],
  environment: Record<string, string>,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', path.join(projectRoot, `src/cli/${command}.ts`), ...argumentsList], {
      cwd: projectRoot,
      env: { ...process.env, MODELS_OFFLINE: '1', LOG_LEVEL: 'warn', ...environment },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', exitCode: failure.code ?? 1 };
  }
}
