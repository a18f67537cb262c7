import type { ModelDtype } from './load-config.js';

/**
 * Models whose ONNX files are not named as transformers.js expects (`onnx/model_quantized.onnx` for
 * q8): the file to load instead, per dtype, without `.onnx`. The cross-encoder organisation publishes
 * its int8 exports as `onnx/model_quint8_avx2.onnx` (and variants tuned for other CPUs).
 */
export const MODEL_FILES: Readonly<Record<string, Partial<Record<ModelDtype, string>>>> = {
  'cross-encoder/mmarco-mMiniLMv2-L12-H384-v1': { q8: 'model_quint8_avx2' },
};

/** How transformers.js is asked for a model's file: its own dtype naming, or a named file loaded as is. */
export function modelFileFor(modelId: string, dtype: ModelDtype): { dtype: ModelDtype; model_file_name?: string } {
  const file = MODEL_FILES[modelId]?.[dtype];
  // A named file is loaded as it is: dtype fp32 adds no suffix to the name.
  return file ? { dtype: 'fp32', model_file_name: file } : { dtype };
}
