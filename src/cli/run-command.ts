import { loadConfig, type TutorConfig } from '../config/index.js';
import { TutorError } from '../errors/index.js';
import { createLogger, type Logger } from '../runtime/index.js';

/**
 * Runs a command's body with the validated configuration and a logger, and turns failures into a
 * one-line message and exit code 1 (2 for bad configuration or arguments), never a stack trace for
 * a known error.
 */
export async function runCommand(body: (config: TutorConfig, logger: Logger) => Promise<void>): Promise<void> {
  let config: TutorConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`configuration error: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  // Commands print their results on stdout; only warnings go to the log unless asked for.
  const logger = createLogger(process.env['LOG_LEVEL'] === undefined ? 'warn' : config.logLevel);
  try {
    await body(config, logger);
  } catch (error) {
    if (error instanceof TutorError) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      process.exitCode = error.code === 'BAD_REQUEST' || error.code === 'CONFIG_INVALID' ? 2 : 1;
    } else {
      process.stderr.write(`unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  } finally {
    logger.flush();
  }
}
