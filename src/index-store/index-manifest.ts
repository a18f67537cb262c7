import { z } from 'zod';

/** Bumped whenever the files in `index/` change shape, so an old index is rebuilt instead of misread. */
export const INDEX_FORMAT_VERSION = 3;

export const indexManifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  corpusHash: z.string().min(1),
  /** How text was read when the index was built (see analysisFingerprint). */
  analysis: z.string().min(1),
  builtAt: z.string().min(1),
  records: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  lexical: z.object({ documents: z.number().int().nonnegative() }),
  dense: z
    .object({
      model: z.string().min(1),
      dtype: z.string().min(1),
      dimensions: z.number().int().positive(),
      m: z.number().int().positive(),
      efConstruction: z.number().int().positive(),
    })
    .nullable(),
});

/** What `index/manifest.json` records about the index beside it. */
export type IndexManifest = z.infer<typeof indexManifestSchema>;

/** What the running tutor wants of an index. */
export interface IndexRequirements {
  corpusHash: string;
  /** How text is read now (see analysisFingerprint). */
  analysis: string;
  /** The embedding model in use, or undefined when none could be loaded (lexical only). */
  embedModel: { model: string; dtype: string } | undefined;
}

/**
 * Why the index must be rebuilt, or undefined when it can be reused. An index built without vectors
 * is rebuilt once a model becomes available; one built with vectors stays usable for lexical search
 * when the model is missing now.
 */
export function findStaleness(manifest: IndexManifest | undefined, requirements: IndexRequirements): string | undefined {
  if (!manifest) return 'no index yet';
  if (manifest.corpusHash !== requirements.corpusHash) return 'the corpus or its overlay changed';
  if (manifest.analysis !== requirements.analysis) return 'the way text is read changed';
  const wanted = requirements.embedModel;
  if (wanted === undefined) return undefined;
  if (manifest.dense === null) return `the index has no vectors and ${wanted.model} is now available`;
  if (manifest.dense.model !== wanted.model || manifest.dense.dtype !== wanted.dtype) {
    return `the index was embedded with ${manifest.dense.model} (${manifest.dense.dtype}), now ${wanted.model} (${wanted.dtype})`;
  }
  return undefined;
}
