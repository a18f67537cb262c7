/**
 * The bank's records as the page knows them: question texts remembered from `sources` messages,
 * whole records fetched once from `GET /api/questions/:id` and kept.
 */

/** @import { BankRecord } from './protocol-types.js' */
/** @typedef {BankRecord['question']} Bilingual */

/** @type {Map<number, Bilingual>} */
const questions = new Map();
/** @type {Map<number, Promise<BankRecord>>} */
const records = new Map();

/**
 * Remembers the question texts of sources the server sent.
 * @param {{ id: number, question: Bilingual }[]} sources
 */
export function rememberQuestions(sources) {
  for (const source of sources) {
    if (source && typeof source.id === 'number' && source.question) questions.set(source.id, source.question);
  }
}

/**
 * A question text if the page already knows it.
 * @param {number} id
 * @returns {Bilingual | undefined}
 */
export function knownQuestion(id) {
  return questions.get(id);
}

/**
 * The whole record, fetched once. A failed fetch is forgotten so that a retry asks again.
 * @param {number} id
 * @returns {Promise<BankRecord>}
 */
export function fetchRecord(id) {
  let pending = records.get(id);
  if (!pending) {
    pending = loadRecord(id);
    records.set(id, pending);
    pending.catch(() => records.delete(id));
  }
  return pending;
}

/** @param {number} id */
async function loadRecord(id) {
  const response = await fetch(`/api/questions/${encodeURIComponent(String(id))}`, { headers: { accept: 'application/json' } });
  /** @type {unknown} */
  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    throw new Error(errorMessageOf(body) ?? `the server answered ${response.status}`);
  }
  // The tutor's own route answered: its body is the record the server typed (see create-app.ts).
  const record = /** @type {BankRecord} */ (body);
  questions.set(record.id, record.question);
  return record;
}

/**
 * The message of an HTTP error body (`{ error: { code, message } }`), if it has one.
 * @param {unknown} body
 * @returns {string | undefined}
 */
function errorMessageOf(body) {
  const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : undefined;
}

/**
 * A question's texts: known ones at once, else from the record.
 * @param {number} id
 * @returns {Promise<Bilingual>}
 */
export async function questionOf(id) {
  return knownQuestion(id) ?? (await fetchRecord(id)).question;
}
