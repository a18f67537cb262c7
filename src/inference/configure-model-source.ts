import path from 'node:path';
import type { env as transformersEnvironment } from '@huggingface/transformers';
import { modelFileFor, type ModelDtype } from '../config/index.js';
import { createTimedFetch } from './create-timed-fetch.js';

/** The default Hugging Face Hub address. */
export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
/** How long the Hub may stay silent (before answering, or between chunks of a download) before a load gives up. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 5000;

/** Where models come from, as the caller states it (`MODELS_DIR`, `MODELS_OFFLINE`). */
export interface ModelSourceOptions {
  /** `MODELS_DIR`: models laid out as `<directory>/<org>/<name>/`; Hub downloads are stored there too. */
  modelsDirectory?: string | undefined;
  /** `MODELS_OFFLINE`: never contact the Hub. */
  offline?: boolean;
  /** Where Hub downloads go when no models directory is given; defaults to `.models-cache/` under the working directory. */
  cacheDirectory?: string;
  /** See DEFAULT_REMOTE_TIMEOUT_MS. */
  remoteTimeoutMs?: number;
  /** The Hub or a mirror of it. */
  remoteHost?: string;
}

/** A model source with every choice made; plain data, so it can be handed to the worker thread. */
export interface ModelSource {
  /** Set when the user gave MODELS_DIR. */
  modelsDirectory: string | undefined;
  /** The one directory models are read from and downloaded to: MODELS_DIR, or the cache. */
  directory: string;
  offline: boolean;
  remoteTimeoutMs: number;
  remoteHost: string;
}

/** Makes every choice of a model source; relative directories are resolved against the working directory. */
export function resolveModelSource(options: ModelSourceOptions = {}): ModelSource {
  const modelsDirectory = options.modelsDirectory === undefined ? undefined : path.resolve(options.modelsDirectory);
  const cacheDirectory = path.resolve(options.cacheDirectory ?? '.models-cache');
  return {
    modelsDirectory,
    directory: modelsDirectory ?? cacheDirectory,
    offline: options.offline ?? false,
    remoteTimeoutMs: options.remoteTimeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS,
    remoteHost: options.remoteHost ?? DEFAULT_REMOTE_HOST,
  };
}

/**
 * Points transformers.js at the model source. One directory serves as both the local model path and
 * the download cache: transformers.js caches a Hub file at `<cacheDir>/<org>/<name>/<file>`, the same
 * layout it reads from `localModelPath`, so a model downloaded once into MODELS_DIR (or the cache) is
 * found there offline later. Hub requests get a time bound because a firewall that drops packets
 * would otherwise leave a load waiting for minutes. Call it in the model worker only: it replaces
 * that thread's global `fetch`.
 */
export function configureModelSource(environment: typeof transformersEnvironment, source: ModelSource): void {
  environment.allowLocalModels = true;
  environment.localModelPath = source.directory.endsWith(path.sep) ? source.directory : `${source.directory}${path.sep}`;
  environment.useFSCache = true;
  environment.cacheDir = source.directory;
  environment.allowRemoteModels = !source.offline;
  environment.remoteHost = source.remoteHost.endsWith('/') ? source.remoteHost : `${source.remoteHost}/`;
  globalThis.fetch = createTimedFetch(globalThis.fetch, source.remoteTimeoutMs);
}

/** transformers.js's file-name suffix for each dtype (DEFAULT_DTYPE_SUFFIX_MAPPING in its utils/dtypes.js). */
const dtypeFileSuffixes: Record<ModelDtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4' };

/** The files transformers.js needs for a model and dtype, relative to `<directory>/<org>/<name>/`. */
export function requiredModelFiles(dtype: ModelDtype, modelId = ''): string[] {
  const file = modelFileFor(modelId, dtype);
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/${file.model_file_name ?? 'model'}${dtypeFileSuffixes[file.dtype]}.onnx`];
}
