import { h } from './dom.js';
import { knownQuestion, questionOf } from './records.js';
import { createCitationChip } from './render-markdown.js';

/** The lists of sources under an answer: cited records, and the others the search found. */

/**
 * One line of a source list: its chip and its question in English and Chinese (fetched if unknown),
 * so the exact source question stands beside the answer that cites it.
 * @param {number} id record id
 * @param {{ en: string, zh: string }} [question] the question texts when already known
 * @returns {HTMLLIElement}
 */
export function createSourceItem(id, question) {
  const english = h('span', { class: 'source-en', lang: 'en' });
  const chinese = h('span', { class: 'source-zh', lang: 'zh-CN' });
  const chip = createCitationChip(id);
  /** @param {{ en: string, zh: string }} texts */
  const fill = (texts) => {
    english.textContent = texts.en;
    chinese.textContent = texts.zh;
    labelChip(chip);
  };
  const known = question ?? knownQuestion(id);
  if (known) fill(known);
  else questionOf(id).then(fill, () => undefined);
  return /** @type {HTMLLIElement} */ (h('li', {}, chip, h('span', { class: 'source-texts' }, english, chinese)));
}

/**
 * Names a citation chip after its question when the page knows it (tooltip and accessible name).
 * @param {HTMLElement} chip a `button.cite`
 */
export function labelChip(chip) {
  const id = Number(chip.dataset['qid']);
  const question = knownQuestion(id);
  if (!question) return;
  chip.title = `Q${id}: ${question.en}`;
  chip.setAttribute('aria-label', `Open source Q${id}: ${question.en}`);
}
