import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/project-paths.js';

/** Every source file under `folder` (relative to the project), recursively. */
async function sourceFiles(folder: string, extensions = /\.(?:ts|mjs|js)$/u): Promise<string[]> {
  const entries = await readdir(path.join(projectRoot, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && extensions.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(projectRoot, path.join(entry.parentPath, entry.name)));
}

/** The module specifiers a file imports or re-exports, static and dynamic. */
function specifiersOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gu)) {
    found.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return found;
}

/** The relative imports of each file of src/, resolved to files (`.js` in a specifier is the `.ts` source). */
async function importGraph(): Promise<Map<string, string[]>> {
  const files = await sourceFiles('src');
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiersOf(await readFile(path.join(projectRoot, file), 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.normalize(path.join(path.dirname(file), specifier)))
      .map((target) => (known.has(target) ? target : target.replace(/\.js$/u, '.ts')))
      .filter((target) => known.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components with more than one node (Tarjan). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('the import graph of src/', () => {
  it('has no import loop between files', async () => {
    const graph = await importGraph();
    // The graph is read (a resolution slip would leave it empty and the check vacuous).
    expect(graph.get(path.join('src', 'retrieval', 'retrieval-pipeline.ts'))).toContain(path.join('src', 'retrieval', 'collect-scope-evidence.ts'));
    expect(graph.get(path.join('src', 'server', 'index.ts'))?.length).toBeGreaterThan(5);
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('has no import loop between folders (the stages of the data flow)', async () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, targets] of await importGraph()) {
      const from = file.split(path.sep)[1] ?? '';
      for (const target of targets) {
        const to = target.split(path.sep)[1] ?? '';
        if (to !== from && !to.includes('.')) folders.set(from, (folders.get(from) ?? new Set()).add(to));
      }
    }
    expect(cyclesOf(new Map([...folders].map(([folder, targets]) => [folder, [...targets]])))).toEqual([]);
  });

  it('finds loops when there are some (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c']]);
  });
});

describe('package.json', () => {
  /** Packages used other than by an import, each with the reason. */
  const usedOtherwise: Record<string, string> = {
    tsx: 'runs the npm scripts and the model worker (src/inference/model-worker-bootstrap.mjs)',
    typescript: 'tsc: the type check of `npm test`',
    vite: "vitest's own dependency, pinned to 8.3.8 (later 8.x lock files fail `npm ci` here)",
    dompurify: 'served to the page from node_modules at /vendor/purify.es.mjs',
    marked: 'served to the page from node_modules at /vendor/marked.esm.js',
    katex: 'served to the page from node_modules at /vendor/katex',
  };

  it('lists no dependency that nothing uses', async () => {
    const manifest = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const files = [...(await sourceFiles('src')), ...(await sourceFiles('bench')), ...(await sourceFiles('tests')), ...(await sourceFiles('examples')), 'vitest.config.ts'];
    const imported = new Set<string>();
    for (const file of files) {
      for (const specifier of specifiersOf(await readFile(path.join(projectRoot, file), 'utf8'))) {
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier));
      }
    }
    const unused = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)].filter((name) => {
      if (imported.has(name) || name in usedOtherwise) return false;
      // @types/x types the package x, which is imported.
      const typed = /^@types\/(.+)$/u.exec(name)?.[1];
      return !(typed !== undefined && (imported.has(typed) || typed === 'node'));
    });
    expect(unused).toEqual([]);
  });
});
