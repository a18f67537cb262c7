import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `npm ci` puts on disk: all of node_modules, and the part LangChain brings. */
export interface InstallSize {
  totalMb: number;
  /** `@langchain/*`, `langchain`, `langsmith` and LangGraph, with their nested node_modules. */
  langChainMb: number;
  langChainPackages: string[];
}

async function sizeMb(paths: readonly string[]): Promise<number> {
  if (paths.length === 0) return 0;
  // du counts what the files take on disk, as an install does; -c adds a total line.
  const { stdout } = await run('du', ['-sck', ...paths]);
  const total = /(\d+)\s+total\s*$/u.exec(stdout.trim())?.[1];
  return Math.round(Number(total ?? 0) / 102.4) / 10;
}

/** Measures node_modules under `projectRoot` (as installed now: run after `npm ci` for a clean figure). */
export async function measureInstallSize(projectRoot: string): Promise<InstallSize> {
  const modules = path.join(projectRoot, 'node_modules');
  const scoped = (await readdir(path.join(modules, '@langchain')).catch(() => [])).map((name) => `@langchain/${name}`);
  const top = (await readdir(modules)).filter((name) => name === 'langchain' || name === 'langsmith');
  const langChainPackages = [...scoped, ...top].sort();
  return {
    totalMb: await sizeMb([modules]),
    langChainMb: await sizeMb(langChainPackages.map((name) => path.join(modules, name))),
    langChainPackages,
  };
}
