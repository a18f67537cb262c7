// The burst attacker of the flood tests, in its own process: one address fires its whole ask budget
// at once with the costliest shape found (a follow-up of 4,000 random Han characters after a question
// of 4,000 more, POST /api/chat), so retrieval has as many distinct terms to look up as a message allows.
// Usage: node burst-client.mjs PORT ASKS LOCAL_ADDRESS
// Prints one JSON line at the end: { statuses: { [status]: count }, burstMs }.
import http from 'node:http';

const [port, asks, localAddress] = process.argv.slice(2);
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const randomHan = (length) => Array.from({ length }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x51a5))).join('');

function post(body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
    const request = http.request({ host: '127.0.0.1', port: Number(port), path: '/api/chat', method: 'POST', localAddress, agent: false, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', (error) => resolve(error.code));
    request.end(data);
  });
}

const started = performance.now();
const messages = () => [
  { role: 'user', content: randomHan(3990) },
  { role: 'assistant', content: 'ok' },
  { role: 'user', content: `那这个呢？${randomHan(3990)}` },
];
const results = await Promise.all(Array.from({ length: Number(asks) }, () => post({ messages: messages() })));
const statuses = {};
for (const status of results) statuses[status] = (statuses[status] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ statuses, burstMs: Math.round(performance.now() - started) })}\n`);
