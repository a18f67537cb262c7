/**
 * Text the bank's editors put back (lost in the source copy) arrives wrapped in ⟦ ⟧. It is shown as a
 * marked span so a learner can tell the bank's own words from the restorations.
 */
const OPEN = '⟦';
const CLOSE = '⟧';
export const RESTORED_TITLE = 'Restored: not in the source copy';

/**
 * Wraps every ⟦…⟧ pair in `root` in a `span.restored`. A pair may enclose elements (a formula, bold
 * text) as long as both marks sit in the same parent; a mark without its partner (an answer still
 * streaming, or a pair split across paragraphs) stays visible as written.
 * @param {ParentNode} root sanitized content
 */
export function wrapRestoredPassages(root) {
  for (const node of textNodes(root)) splitAtMarks(node);
  for (const open of textNodes(root).filter((node) => node.nodeValue === OPEN)) {
    if (!open.parentNode) continue;
    /** @type {ChildNode[]} */
    const inside = [];
    let cursor = open.nextSibling;
    while (cursor && !isMark(cursor, CLOSE) && !isMark(cursor, OPEN)) {
      inside.push(cursor);
      cursor = cursor.nextSibling;
    }
    if (!cursor || !isMark(cursor, CLOSE)) continue;
    const span = createRestoredSpan();
    open.replaceWith(span);
    span.append(...inside);
    cursor.remove();
  }
}

/**
 * An empty restored-passage span; the hidden prefix lets screen readers say what the underline shows.
 * @returns {HTMLSpanElement}
 */
export function createRestoredSpan() {
  const span = document.createElement('span');
  span.className = 'restored';
  span.title = RESTORED_TITLE;
  const label = document.createElement('span');
  label.className = 'visually-hidden';
  label.textContent = '(restored) ';
  span.append(label);
  return span;
}

/** @param {ParentNode} root @returns {Text[]} */
function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(/** @type {Text} */ (node));
  return nodes;
}

/** Splits a text node so that each mark is a text node of its own. @param {Text} node */
function splitAtMarks(node) {
  let current = node;
  for (;;) {
    const value = current.nodeValue ?? '';
    const at = value.search(/[⟦⟧]/u);
    if (at === -1 || value.length === 1) return;
    if (at > 0) {
      current = current.splitText(at);
      continue;
    }
    current = current.splitText(1);
  }
}

/** @param {Node} node @param {string} mark */
function isMark(node, mark) {
  return node.nodeType === Node.TEXT_NODE && node.nodeValue === mark;
}
