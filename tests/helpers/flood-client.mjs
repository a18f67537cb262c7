// The attacker of the flood tests, in its own process so that its loop does not share the server's:
// a raw TCP websocket client that sends 7-byte invalid frames ("x", masked) as fast as the socket takes
// them, reading the replies or never reading them, and reconnecting whenever it is closed.
// Usage: node flood-client.mjs PORT MILLISECONDS read|noread
// Prints one JSON line at the end: { framesSent, connections, closedByServer }.
import crypto from 'node:crypto';
import net from 'node:net';

const [port, milliseconds, mode] = process.argv.slice(2);
const end = Date.now() + Number(milliseconds);

function frame(text) {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, body]);
}

const framesPerWrite = 1024;
const burst = Buffer.concat(Array.from({ length: framesPerWrite }, () => frame('x')));
let framesSent = 0;
let connections = 0;
let closedByServer = 0;

function open() {
  if (Date.now() >= end) return;
  connections += 1;
  const socket = net.connect(Number(port), '127.0.0.1');
  let ending = false;
  socket.on('connect', () => {
    const key = crypto.randomBytes(16).toString('base64');
    socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    if (mode === 'noread') socket.pause();
    const pump = () => {
      while (Date.now() < end && !socket.destroyed) {
        framesSent += framesPerWrite;
        if (!socket.write(burst)) {
          socket.once('drain', pump);
          return;
        }
      }
      ending = true;
      socket.destroy();
    };
    pump();
  });
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  socket.on('close', () => {
    if (ending) return;
    closedByServer += 1;
    setTimeout(open, 5);
  });
}

open();
const timer = setInterval(() => {
  if (Date.now() < end + 200) return;
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ framesSent, connections, closedByServer })}\n`);
  process.exit(0);
}, 50);
