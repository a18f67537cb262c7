import { loadConfig } from './config/index.js';
import { TutorError } from './errors/index.js';
import { createLogger, createRuntime } from './runtime/index.js';
import { startServer } from './server/index.js';
import { prepareLanguageData } from './text/index.js';

/** `npm start`: validate the configuration, start everything once, serve, and shut down gracefully. */
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  process.stderr.write(`configuration error: ${(error as Error).message}\n`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
try {
  const runtime = await createRuntime(config, { logger });
  const server = await startServer(runtime, { host: config.host, port: config.port, logger });
  logger.info(
    {
      event: 'server.listening',
      url: server.url,
      records: runtime.tutor.records.length,
      retrieval: runtime.embedder ? `hybrid (${runtime.embedder.modelId})` : 'lexical only',
      rerank: runtime.reranker.name,
      models: runtime.models,
      llm: runtime.tutor.generationMode,
    },
    `the tutor is at ${server.url} · embedder ${describeModel(runtime.models.embedder, 'none (lexical retrieval)')} · reranker ${describeModel(runtime.models.reranker, 'lexical')}`,
  );
  // Listening first, then the language tables a question may need, before the first learner arrives.
  setImmediate(prepareLanguageData);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'server.stopping', signal }, 'stopping');
    void server
      .close()
      .then(() => runtime.close())
      .then(() => {
        logger.info({ event: 'server.stopped' }, 'stopped');
        logger.flush();
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  const message = error instanceof TutorError ? `${error.code}: ${error.message}` : (error as Error).stack ?? String(error);
  logger.fatal({ event: 'server.failed', error: message }, 'the tutor could not start');
  logger.flush();
  process.stderr.write(`the tutor could not start: ${message}\n`);
  process.exit(1);
}

function describeModel(model: { model: string; dtype: string } | null, fallback: string): string {
  return model ? `${model.model} (${model.dtype})` : fallback;
}
