import path from 'node:path';
import type { ModelDtype } from '../config/index.js';
import { requiredModelFiles, type ModelSource } from './configure-model-source.js';

/** Node and undici error codes that mean the Hub could not be reached at all. */
const unreachableCodes = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The error and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 10; ) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** What went wrong, in words, or undefined when the failure is not about missing files. */
function describeMissing(error: unknown, source: ModelSource): string | undefined {
  const chain = causeChain(error);
  const timeout = chain.find((link) => link instanceof Error && link.name === 'RemoteTimeoutError');
  if (timeout) return `the Hugging Face Hub (${source.remoteHost}) did not answer within ${source.remoteTimeoutMs} ms`;
  const unreachable = chain.find((link) => unreachableCodes.has(codeOf(link) ?? ''));
  if (unreachable || chain.some((link) => messageOf(link) === 'fetch failed')) {
    const detail = unreachable ? ` (${codeOf(unreachable)}${messageOf(unreachable).includes(' ') ? `: ${messageOf(unreachable)}` : ''})` : '';
    return `it is not in ${source.directory} and the Hugging Face Hub (${source.remoteHost}) cannot be reached${detail}`;
  }
  const message = messageOf(error);
  const localMiss = /file was not found locally at "([^"]+)"/.exec(message);
  if (localMiss) return `${localMiss[1]} does not exist${source.offline ? ' and MODELS_OFFLINE is set, so the Hub was not asked' : ''}`;
  const remoteMiss = /^(Could not locate file|Unauthorized access to file|Forbidden access to file): "([^"]+)"/.exec(message);
  if (remoteMiss) return `the Hub answered "${remoteMiss[1]}" for ${remoteMiss[2]} (wrong model id, gated model, or no file for this dtype)`;
  return undefined;
}

/**
 * Turns a failed transformers.js load into the reason of a ModelUnavailableError: what went wrong,
 * and, when files are missing, that the model is not available offline and where to put which files.
 */
export function explainModelLoadFailure(modelId: string, dtype: ModelDtype, error: unknown, source: ModelSource): string {
  const missing = describeMissing(error, source);
  if (missing === undefined) return `loading it (dtype ${dtype}) failed: ${messageOf(error)}`;
  const folder = path.join(source.directory, ...modelId.split('/'));
  const where =
    source.modelsDirectory === undefined ? `, or set MODELS_DIR to a directory holding <org>/<name>/ model folders` : ' (MODELS_DIR)';
  const download = source.offline ? '' : `, or run once with access to the Hub to download it there`;
  return (
    `${missing}. The model is not available offline: put ${requiredModelFiles(dtype, modelId).join(', ')} ` +
    `(dtype ${dtype}) in ${folder}${where}${download}.`
  );
}
