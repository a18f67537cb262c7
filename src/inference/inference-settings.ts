import type { InferenceSettings } from '../config/index.js';

/** The settings used when none are given. */
export const DEFAULT_INFERENCE_SETTINGS: InferenceSettings = { intraOpThreads: undefined, spinning: false, maxQueryTokens: 96, maxPairTokens: 512 };

/** The onnxruntime session options for the settings (`extra` keys are onnxruntime's session config keys). */
export function toSessionOptions(settings: InferenceSettings): {
  intraOpNumThreads?: number;
  interOpNumThreads: number;
  extra: { session: { intra_op: { allow_spinning: '0' | '1' }; inter_op: { allow_spinning: '0' | '1' } } };
} {
  const spinning = settings.spinning ? '1' : '0';
  return {
    ...(settings.intraOpThreads === undefined ? {} : { intraOpNumThreads: settings.intraOpThreads }),
    // One operator at a time: these are sequential transformer graphs; the parallelism is within operators.
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: spinning }, inter_op: { allow_spinning: spinning } } },
  };
}
