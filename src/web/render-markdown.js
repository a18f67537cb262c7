import { Marked } from '/vendor/marked.esm.js';
import DOMPurify from '/vendor/purify.es.mjs';
import { FORMULA_PLACEHOLDER, protectMath, renderFormula } from './math.js';
import { wrapRestoredPassages } from './restored.js';

/**
 * Markdown → HTML → sanitized DOM → formulas, restored passages and citation chips.
 *
 * Answers come from a language model and quote a bank that anyone could have edited, so they are
 * treated as hostile: raw HTML in the Markdown is shown as text (not parsed), the HTML marked produces
 * is sanitized by DOMPurify down to the tags Markdown needs, and images are never loaded. Formulas
 * and chips are built as DOM nodes after sanitizing, from text only.
 */

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/gu, (character) => `&#${character.charCodeAt(0)};`);
}

const markdown = new Marked({
  gfm: true,
  // Chat answers use single newlines as line breaks.
  breaks: true,
  async: false,
  renderer: {
    html({ text, block }) {
      return block ? `<p>${escapeHtml(text)}</p>` : escapeHtml(text);
    },
    image({ text }) {
      // An answer must not make the browser fetch anything: images become their alt text.
      return escapeHtml(text);
    },
  },
});

const ALLOWED_TAGS = [
  'a', 'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
];

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    // Links open elsewhere and give the target no handle on this page.
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

/** Citations as the tutor writes them: `[Q36]`. */
const CITATION = /\[Q(\d{1,3})\]/gu;

/**
 * Renders Markdown with `$…$` formulas and ⟦restored⟧ passages into a sanitized fragment.
 * @param {string} source Markdown text (an answer, or a record's answer)
 * @param {{ citations?: boolean }} [options] `citations`: turn `[Q36]` into chip buttons (default true)
 * @returns {DocumentFragment}
 */
export function renderMarkdown(source, options = {}) {
  const { text, formulas } = protectMath(endListsBeforeProse(source));
  const html = /** @type {string} */ (markdown.parse(text));
  const fragment = /** @type {DocumentFragment} */ (
    DOMPurify.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align'],
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/iu,
      ALLOW_DATA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
    })
  );
  wrapRestoredPassages(fragment);
  decorateText(fragment, formulas, options.citations !== false);
  dropBreaksAfterDisplayFormulas(fragment);
  return fragment;
}

/**
 * Ends a list before an unindented line of prose that follows it directly. Markdown would fold such a
 * line into the last item ("lazy continuation"), but the bank and chat answers write it meaning a new
 * paragraph: "- Generation: …\nRAG enhances factual accuracy…".
 * @param {string} source
 */
function endListsBeforeProse(source) {
  const lines = source.split('\n');
  const out = [];
  /** @type {string | undefined} */
  let fence;
  let inList = false;
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/u.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      out.push(line);
      continue;
    }
    if (marker !== undefined) fence = marker;
    const isItem = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)/u.test(line);
    if (inList && !isItem && line.trim() !== '' && !/^\s/u.test(line)) out.push('');
    if (isItem) inList = true;
    else if (line.trim() === '' || !/^\s/u.test(line)) inList = false;
    out.push(line);
  }
  return out.join('\n');
}

/**
 * A display formula is a block of its own, so the line break written after it would leave an empty line.
 * @param {DocumentFragment} root
 */
function dropBreaksAfterDisplayFormulas(root) {
  for (const formula of root.querySelectorAll('.formula-display')) {
    // The formula may sit inside a restored-passage span; the break follows that span.
    const block = formula.parentElement?.classList.contains('restored') && formula.nextSibling === null ? formula.parentElement : formula;
    const next = block.nextSibling;
    if (next?.nodeName === 'BR') next.remove();
  }
}

/**
 * Creates a citation chip: a button that opens the source panel (the page listens for clicks on `.cite`).
 * @param {number} id record id
 * @returns {HTMLButtonElement}
 */
export function createCitationChip(id) {
  const chip = document.createElement('button');
  chip.type = 'button';
  chip.className = 'cite';
  chip.dataset['qid'] = String(id);
  chip.textContent = `Q${id}`;
  chip.setAttribute('aria-label', `Open source question Q${id}`);
  return chip;
}

/**
 * Replaces formula placeholders with KaTeX output and `[Q36]` with chips, in text nodes only.
 * Inside code, formulas go back to their source text and citations stay text.
 * @param {DocumentFragment} root
 * @param {import('./math.js').Formula[]} formulas
 * @param {boolean} withCitations
 */
function decorateText(root, formulas, withCitations) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  /** @type {Text[]} */
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(/** @type {Text} */ (node));
  const pattern = new RegExp(`${FORMULA_PLACEHOLDER.source}|${CITATION.source}`, 'gu');
  for (const node of nodes) {
    const value = node.nodeValue ?? '';
    pattern.lastIndex = 0;
    if (!pattern.test(value)) continue;
    const inCode = node.parentElement?.closest('code, pre') != null;
    const inLink = node.parentElement?.closest('a') != null;
    /** @type {(Node | string)[]} */
    const pieces = [];
    let last = 0;
    pattern.lastIndex = 0;
    for (const match of value.matchAll(pattern)) {
      pieces.push(value.slice(last, match.index));
      last = match.index + match[0].length;
      if (match[1] !== undefined) {
        const formula = formulas[Number(match[1])];
        if (!formula) continue;
        pieces.push(inCode ? formula.source : renderFormula(formula));
      } else if (withCitations && !inCode && !inLink) {
        pieces.push(createCitationChip(Number(match[2])));
      } else {
        pieces.push(match[0]);
      }
    }
    pieces.push(value.slice(last));
    node.replaceWith(...pieces.filter((piece) => piece !== ''));
  }
}
