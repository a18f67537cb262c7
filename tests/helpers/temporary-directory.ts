import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh directory under the system's temp folder, and a function that removes it. */
export async function createTemporaryDirectory(prefix = 'tutor-test-'): Promise<{ directory: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), prefix));
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}
