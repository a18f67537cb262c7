import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/project-paths.js';

// No docker engine runs here, so these checks read the files: what they copy exists, what they
// run is what CI runs, and the runtime image is non-root with a health check on /healthz.
let dockerfile: string;
let compose: string;
beforeAll(async () => {
  dockerfile = await readFile(path.join(projectRoot, 'docker/Dockerfile'), 'utf8');
  compose = await readFile(path.join(projectRoot, 'docker/compose.yaml'), 'utf8');
});

describe('docker/Dockerfile', () => {
  it('copies only files that exist', async () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)([^\n]+)$/gmu)].flatMap((match) => (match[1] ?? '').split(/\s+/u).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) await expect(access(path.join(projectRoot, source))).resolves.toBeUndefined();
  });

  it('installs with npm ci without dev dependencies and builds the index with the ingest script', async () => {
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev/u);
    expect(dockerfile).toMatch(/npm run ingest/u);
    // Ingest alone never loads the cross-encoder: the image fetches it explicitly, to run without internet.
    expect(dockerfile).toMatch(/npm run ingest -- --fetch-reranker/u);
    const packageJson = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(packageJson.scripts['ingest']).toMatch(/^tsx /u);
    expect(Object.keys(packageJson.dependencies)).toContain('tsx');
  });

  it('runs as a non-root user with a health check on /healthz and node as PID 1', () => {
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtimeStage).toMatch(/^USER tutor$/mu);
    expect(runtimeStage).toMatch(/HEALTHCHECK[\s\S]*\/healthz/u);
    expect(runtimeStage).toMatch(/CMD \["node", "--import", "tsx", "src\/main.ts"\]/u);
  });
});

describe('docker/compose.yaml', () => {
  it('has an Ollama profile for a laptop and a vLLM profile for an NVIDIA GPU', () => {
    expect(compose).toMatch(/ollama:\n\s+image: ollama\/ollama/u);
    expect(compose).toMatch(/profiles: \["ollama"\]/u);
    expect(compose).toMatch(/vllm:\n\s+image: vllm\/vllm-openai/u);
    expect(compose).toMatch(/driver: nvidia/u);
  });

  it('points the tutor at the LLM service', () => {
    expect(compose).toMatch(/LLM_BASE_URL: \$\{LLM_BASE_URL:-http:\/\/ollama:11434\/v1\}/u);
  });
});

describe('docker/compose.proxy.yaml', () => {
  it('puts nginx in front with the example config and keeps the tutor unpublished while it trusts the proxy', async () => {
    const proxy = await readFile(path.join(projectRoot, 'docker/compose.proxy.yaml'), 'utf8');
    expect(proxy).toMatch(/tutor:\n(?:\s+#[^\n]*\n)*\s+ports: !reset \[\]/u);
    expect(proxy).toMatch(/TRUST_PROXY: "1"/u);
    expect(proxy).toMatch(/- \.\/nginx\.conf:\/etc\/nginx\/conf\.d\/default\.conf:ro/u);
    expect(await readFile(path.join(projectRoot, 'docker/nginx.conf'), 'utf8')).toContain('server tutor:3000;');
  });
});
