import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { IndexInvalidError } from '../errors/index.js';
import path from 'node:path';
import type { Chunk, CorpusRecord } from '../ingest/index.js';
import type { SerializedLexicalIndex } from '../retrieval/index.js';
import type { HnswVectorIndex } from '../vector-index/index.js';
import { indexFiles } from './index-files.js';
import type { IndexManifest } from './index-manifest.js';

/** Everything an index consists of, in memory. */
export interface IndexContents {
  manifest: IndexManifest;
  records: readonly CorpusRecord[];
  chunks: readonly Chunk[];
  lexical: SerializedLexicalIndex;
  vectors: HnswVectorIndex | undefined;
}

/**
 * Writes the index so that a reader never sees half of it: the files go to a staging folder first;
 * then the old manifest is removed (the index counts as missing from here on), the files are moved
 * into place, and the new manifest comes last. A failure removes the staging folder and leaves no
 * manifest, so the next start rebuilds.
 */
export async function writeIndex(directory: string, contents: IndexContents, signal?: AbortSignal): Promise<void> {
  await mkdir(directory, { recursive: true });
  const staging = await mkdtemp(path.join(directory, '.staging-'));
  const options = signal ? { signal } : {};
  try {
    await writeFile(path.join(staging, indexFiles.records), JSON.stringify(contents.records), options);
    await writeFile(path.join(staging, indexFiles.chunks), JSON.stringify(contents.chunks), options);
    await writeFile(path.join(staging, indexFiles.lexical), JSON.stringify(contents.lexical), options);
    if (contents.vectors) await contents.vectors.save(path.join(staging, indexFiles.vectors));
    await writeFile(path.join(staging, indexFiles.manifest), `${JSON.stringify(contents.manifest, null, 2)}\n`, options);
    signal?.throwIfAborted();

    await refuseForeignVectorsFolder(directory);
    await rm(path.join(directory, indexFiles.manifest), { force: true });
    await rm(path.join(directory, indexFiles.vectors), { recursive: true, force: true });
    // The single graph file of format 2, so that an upgraded index folder holds no leftovers.
    await rm(path.join(directory, 'vectors.hnsw'), { force: true });
    for (const file of [indexFiles.records, indexFiles.chunks, indexFiles.lexical]) {
      await rename(path.join(staging, file), path.join(directory, file));
    }
    if (contents.vectors) await rename(path.join(staging, indexFiles.vectors), path.join(directory, indexFiles.vectors));
    await rename(path.join(staging, indexFiles.manifest), path.join(directory, indexFiles.manifest));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** What HNSWLib writes into the vectors folder; anything else there is not the tutor's to delete. */
const vectorStoreFiles = new Set(['hnswlib.index', 'docstore.json', 'args.json']);

/** Stops a write that would delete a `vectors` folder holding files the tutor did not write (INDEX_DIR set to a shared folder). */
async function refuseForeignVectorsFolder(directory: string): Promise<void> {
  const folder = path.join(directory, indexFiles.vectors);
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  const foreign = entries.filter((entry) => !vectorStoreFiles.has(entry));
  if (foreign.length > 0) {
    throw new IndexInvalidError(directory, `${folder} holds files the tutor did not write (${foreign.slice(0, 3).join(', ')}); point INDEX_DIR at a folder of its own`);
  }
}
