// The observer of the flood tests, in its own process so that a blocked server cannot hide its own
// stall: times GET /healthz every 100 ms and samples the server process's resident memory from /proc.
// Usage: node health-watch.mjs PORT MILLISECONDS SERVER_PID
// Prints one JSON line at the end: { probes, worstHealthMs, medianHealthMs, startRssMb, peakRssMb }.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, milliseconds, pid] = process.argv.slice(2);
const end = Date.now() + Number(milliseconds);
const rssMb = () => Number(/VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** One timed probe; a probe that gets no answer within 5 s counts as 5 s. */
function probe() {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.get({ host: '127.0.0.1', port: Number(port), path: '/healthz', timeout: 5000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200 ? performance.now() - started : 5000));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(5000));
  });
}

const startRssMb = rssMb();
let peakRssMb = startRssMb;
const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb())), 50);
const timings = [];
while (Date.now() < end) {
  timings.push(await probe());
  await new Promise((resolve) => setTimeout(resolve, 100));
}
clearInterval(sampler);
peakRssMb = Math.max(peakRssMb, rssMb());
timings.sort((first, second) => first - second);
const worstHealthMs = timings.at(-1) ?? 0;
const medianHealthMs = timings[Math.floor(timings.length / 2)] ?? 0;
process.stdout.write(`${JSON.stringify({ probes: timings.length, worstHealthMs: Math.round(worstHealthMs), medianHealthMs: Math.round(medianHealthMs), startRssMb: Math.round(startRssMb), peakRssMb: Math.round(peakRssMb) })}\n`);
