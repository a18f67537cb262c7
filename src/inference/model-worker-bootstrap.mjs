// Worker threads do not inherit the TypeScript loader reliably: under Node 20 a worker started with
// `--import tsx` in its execArgv still resolves its own entry before the hooks apply. So this plain
// JavaScript entry registers tsx in the worker itself, then loads the TypeScript entry it is given.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
