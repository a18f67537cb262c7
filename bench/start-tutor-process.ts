import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A tutor running in its own process, as `npm start` runs it. */
export interface TutorProcess {
  child: ChildProcess;
  url: string;
  /** Sends SIGTERM and waits for the process to end. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx src/main.ts` (what `npm start` runs, without npm's own start-up) on a free
 * port and resolves once it logs the address it listens on. `nodeArguments` go before the script
 * (e.g. `--cpu-prof`). No models and no LLM unless `environment` names them: the caller's MODELS_DIR
 * or EMBED_MODEL never leak into a measurement.
 */
export async function startTutorProcess(environment: Record<string, string>, nodeArguments: readonly string[] = []): Promise<TutorProcess> {
  // The bench owns the models a measurement uses: none (lexical) unless the section names them, whatever the caller's shell has set.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MODELS_|EMBED_|RERANK_|MODEL_|LLM_|INDEX_DIR|DATA_DIR)/u.test(key)));
  const child = spawn(process.execPath, [...nodeArguments, '--import', 'tsx', path.join(projectRoot, 'src/main.ts')], {
    cwd: projectRoot,
    // The sessions of a measurement go beside its index, never into the project's data/.
    env: {
      ...inherited,
      PORT: '0',
      MODELS_OFFLINE: '1',
      EMBED_MODEL: '',
      RERANK_MODEL: '',
      LOG_LEVEL: 'info',
      ...(environment['INDEX_DIR'] ? { DATA_DIR: environment['INDEX_DIR'] } : {}),
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /"url":"(http:\/\/[^"]+)"/u.exec(output);
      if (match) resolve(match[1] ?? '');
    });
    child.once('exit', () => reject(new Error(`the tutor exited:\n${output}`)));
  });
  return {
    child,
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
