export { INDEX_FORMAT_VERSION, indexManifestSchema, findStaleness, type IndexManifest, type IndexRequirements } from './index-manifest.js';
export { indexFiles, indexFilePath } from './index-files.js';
export { writeIndex, type IndexContents } from './write-index.js';
export { readIndex, readIndexManifest } from './read-index.js';
export { buildIndex, type BuildIndexOptions, type BuildProgress, type BuildTimings } from './build-index.js';
