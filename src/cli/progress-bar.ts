import type { BuildProgress } from '../index-store/index.js';

/**
 * A one-line progress bar on stderr for the build phases; on a terminal it redraws in place,
 * elsewhere (CI logs) it prints one line per phase.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): (progress: BuildProgress) => void {
  let lastPhase: string | undefined;
  return ({ phase, done, total }) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `${phase.padEnd(6)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (done === total || phase !== lastPhase) {
      if (done === total) stream.write(`${line}\n`);
    }
    lastPhase = phase;
  };
}
