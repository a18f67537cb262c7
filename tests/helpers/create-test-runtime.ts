import { loadConfig } from '../../src/config/index.js';
import { createLogger, createRuntime, type TutorRuntime } from '../../src/runtime/index.js';
import { projectRoot } from './project-paths.js';
import { createTemporaryDirectory } from './temporary-directory.js';

/**
 * A real runtime on the real corpus with its index in a temp folder, offline: no model is loaded
 * (lexical retrieval and rerank) unless `environment` names local models.
 */
export async function createTestRuntime(environment: Record<string, string> = {}): Promise<TutorRuntime & { cleanup: () => Promise<void> }> {
  const temporary = await createTemporaryDirectory('tutor-index-');
  const config = loadConfig({ INDEX_DIR: temporary.directory, DATA_DIR: temporary.directory, MODELS_OFFLINE: '1', EMBED_MODEL: '', RERANK_MODEL: '', ...environment }, projectRoot);
  const runtime = await createRuntime(config, { logger: createLogger('silent') });
  return {
    ...runtime,
    cleanup: async () => {
      await runtime.close();
      await temporary.remove();
    },
  };
}
