import { h } from './dom.js';
import { fetchRecord } from './records.js';
import { renderMarkdown } from './render-markdown.js';
import { RESTORED_TITLE, createRestoredSpan } from './restored.js';

/** @import { BankRecord } from './protocol-types.js' */

/**
 * The source panel: a modal dialog showing one record of the bank exactly as it is — question and model
 * answer in English and in Chinese — with the editors' restorations marked as restored.
 * A native <dialog> gives focus trapping, Escape to close and focus return for free.
 */
export class SourcePanel {
  /**
   * @param {HTMLDialogElement} dialog the `#source-panel` element of the page
   */
  constructor(dialog) {
    this.dialog = dialog;
    this.title = /** @type {HTMLElement} */ (dialog.querySelector('#source-panel-title'));
    this.content = /** @type {HTMLElement} */ (dialog.querySelector('.source-panel-content'));
    /** @type {HTMLElement | null} */
    this.opener = null;
    this.requested = 0;
    dialog.querySelector('.source-panel-close')?.addEventListener('click', () => this.close());
    // A click on the backdrop (outside the panel's box) closes it, as people expect of a drawer.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) this.close();
    });
    dialog.addEventListener('close', () => {
      this.opener?.focus();
      this.opener = null;
    });
  }

  /**
   * Opens the panel on record `id` and loads it.
   * @param {number} id
   * @param {HTMLElement | null} [opener] where focus goes back to on close
   */
  open(id, opener = null) {
    this.opener = opener;
    this.title.textContent = `Source Q${id}`;
    this.content.replaceChildren(h('p', { class: 'loading' }, 'Loading the question…'));
    if (!this.dialog.open) this.dialog.showModal();
    void this.load(id);
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  /** @param {number} id */
  async load(id) {
    const request = ++this.requested;
    try {
      const record = await fetchRecord(id);
      // A slower answer for a panel opened earlier must not overwrite a newer one.
      if (request !== this.requested) return;
      this.content.replaceChildren(...renderRecord(record));
    } catch (error) {
      if (request !== this.requested) return;
      const retry = h('button', { type: 'button', class: 'button secondary', onclick: () => void this.load(id) }, 'Try again');
      this.content.replaceChildren(
        h('p', { class: 'panel-error', role: 'alert' }, `Could not load Q${id}: ${error instanceof Error ? error.message : String(error)}`),
        retry,
      );
    }
  }
}

/**
 * @param {BankRecord} record
 * @returns {HTMLElement[]}
 */
function renderRecord(record) {
  const restorations = Array.isArray(record.restorations) ? record.restorations : [];
  const parts = [
    languageSection('English', 'en', record.question.en, record.answer.en, 'Question', 'Model answer'),
    languageSection('中文', 'zh-CN', record.question.zh, record.answer.zh, '问题', '参考答案'),
  ];
  if (restorations.length > 0) {
    const sample = createRestoredSpan();
    sample.append('like this');
    parts.push(
      h(
        'section',
        { class: 'restorations', 'aria-label': 'Restorations' },
        h('h3', {}, 'Restored by editors'),
        h('p', {}, `The copy of the bank lost some formulas and values; editors put them back. They are marked `, sample, ` (${RESTORED_TITLE.toLowerCase()}).`),
        h(
          'ul',
          {},
          ...restorations.map((restoration) =>
            h('li', {}, h('span', { class: 'restoration-where' }, `${restoration.language === 'zh' ? '中文' : 'English'} ${restoration.field}: `), restoration.reason ?? ''),
          ),
        ),
      ),
    );
  }
  return parts;
}

/**
 * @param {string} name @param {string} lang @param {string} question @param {string} answer
 * @param {string} questionLabel @param {string} answerLabel
 */
function languageSection(name, lang, question, answer, questionLabel, answerLabel) {
  const body = h('div', { class: 'markdown record-answer' });
  // The bank's own text: citations in it are not the tutor's, so they stay text.
  body.append(renderMarkdown(answer, { citations: false }));
  return h(
    'section',
    { class: 'record-language', lang },
    h('h3', { class: 'language-name' }, name),
    h('p', { class: 'field-label' }, questionLabel),
    // The question exactly as the bank has it: plain text, never parsed.
    h('p', { class: 'record-question' }, question),
    h('p', { class: 'field-label' }, answerLabel),
    body,
  );
}
