/**
 * The bank's records as the page knows them: question texts remembered from `sources` messages,
 * whole records fetched once from `GET /api/questions/:id` and kept.
 */

/** @typedef {{ en: string, zh: string }} Bilingual */
/** @typedef {{ language: string, field: string, damaged?: string, restored?: string, reason?: string }} Restoration */
/** @typedef {{ id: number, question: Bilingual, answer: Bilingual, restorations?: Restoration[] }} BankRecord */

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
  /** @type {any} */
  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    throw new Error(body?.error?.message ?? `the server answered ${response.status}`);
  }
  const record = /** @type {BankRecord} */ (body);
  questions.set(record.id, record.question);
  return record;
}

/**
 * A question's texts: known ones at once, else from the record.
 * @param {number} id
 * @returns {Promise<Bilingual>}
 */
export async function questionOf(id) {
  return knownQuestion(id) ?? (await fetchRecord(id)).question;
}
