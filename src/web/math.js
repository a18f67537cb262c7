import katex from '/vendor/katex/katex.mjs';

/**
 * Formulas are taken out of the text before Markdown sees it (Markdown would read `x_i` and `*` as
 * emphasis and eat backslashes) and put back, rendered by KaTeX, after sanitizing. In between they
 * are private-use placeholders: characters no Markdown rule touches.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Matches one placeholder; group 1 is the formula's index. */
export const FORMULA_PLACEHOLDER = /\uE000(\d+)\uE001/gu;

/**
 * @typedef {{ tex: string, display: boolean, source: string }} Formula
 *   `source` is the formula as written, delimiters included, for places where it must stay text (code).
 */

/**
 * Replaces every formula (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) outside code with a placeholder.
 * An inline `$` must hug its formula (`$x$`, not `$ 5 and $`) and the closing one must not be followed
 * by a digit, so prices like "$5 and $10" stay text. A `$…$` alone on its line is shown as display math.
 * @param {string} source Markdown with formulas
 * @returns {{ text: string, formulas: Formula[] }}
 */
export function protectMath(source) {
  /** @type {Formula[]} */
  const formulas = [];
  // The placeholder characters must mean only what this function put there.
  const clean = source.replace(/[\uE000\uE001]/gu, '');
  const lines = clean.split('\n');
  const out = [];
  /** @type {string[]} */
  let segment = [];
  /** @type {string | undefined} */
  let fence;
  const flush = () => {
    if (segment.length > 0) out.push(protectSegment(segment.join('\n'), formulas));
    segment = [];
  };
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/u.exec(line)?.[1];
    if (fence !== undefined) {
      out.push(line);
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (marker !== undefined) {
      flush();
      fence = marker;
      out.push(line);
    } else {
      segment.push(line);
    }
  }
  flush();
  return { text: out.join('\n'), formulas };
}

/**
 * @param {string} text Markdown without fenced code blocks
 * @param {Formula[]} formulas receives the formulas found
 */
function protectSegment(text, formulas) {
  let out = '';
  let index = 0;
  /** @param {string} tex @param {boolean} display @param {number} end index after the closing delimiter */
  const take = (tex, display, end) => {
    formulas.push({ tex: tex.trim(), display, source: text.slice(index, end) });
    out += `${OPEN}${formulas.length - 1}${CLOSE}`;
    index = end;
  };
  while (index < text.length) {
    const character = text[index];
    const next = text[index + 1];
    if (character === '\\' && (next === '(' || next === '[')) {
      const closing = next === '(' ? '\\)' : '\\]';
      const end = text.indexOf(closing, index + 2);
      if (end > index + 2) {
        take(text.slice(index + 2, end), next === '[', end + 2);
        continue;
      }
    }
    if (character === '\\') {
      // An escaped character (e.g. `\$`) stays as written; Markdown removes the backslash.
      out += text.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (character === '`') {
      const run = /^`+/u.exec(text.slice(index))?.[0] ?? '`';
      const end = findClosingBackticks(text, index + run.length, run.length);
      const stop = end === -1 ? index + run.length : end + run.length;
      out += text.slice(index, stop);
      index = stop;
      continue;
    }
    if (character === '$' && next === '$') {
      const end = text.indexOf('$$', index + 2);
      if (end > index + 2) {
        take(text.slice(index + 2, end), true, end + 2);
        continue;
      }
      out += '$$';
      index += 2;
      continue;
    }
    if (character === '$') {
      const end = findInlineClose(text, index);
      if (end !== -1) {
        take(text.slice(index + 1, end), standsAlone(text, index, end + 1), end + 1);
        continue;
      }
    }
    out += character;
    index += 1;
  }
  return out;
}

/**
 * The closing `$` of an inline formula opened at `start`, or -1.
 * @param {string} text @param {number} start
 */
function findInlineClose(text, start) {
  const first = text[start + 1];
  if (first === undefined || /\s/u.test(first)) return -1;
  for (let position = start + 1; position < text.length && position < start + 2000; position += 1) {
    const character = text[position];
    if (character === '\n') return -1;
    if (character === '\\') {
      position += 1;
      continue;
    }
    if (character === '$') {
      const before = text[position - 1] ?? ' ';
      const after = text[position + 1] ?? '';
      if (position === start + 1 || /\s/u.test(before) || /\d/u.test(after)) return -1;
      return position;
    }
  }
  return -1;
}

/**
 * Where a code span that opened with `length` backticks closes: the next run of exactly that many.
 * @param {string} text @param {number} from @param {number} length
 */
function findClosingBackticks(text, from, length) {
  const pattern = /`+/gu;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

/**
 * Whether `text[start, end)` is the only thing on its line (besides restored-passage marks).
 * @param {string} text @param {number} start @param {number} end
 */
function standsAlone(text, start, end) {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  return /^[\s⟦]*$/u.test(before) && /^[\s⟧.,;:]*$/u.test(after);
}

/**
 * Renders one formula with KaTeX into a new element. KaTeX builds DOM nodes and sets their styles
 * through the CSSOM, which the page's CSP allows (its HTML-string output would need inline styles).
 * Macros that fetch, link or add HTML are off (`trust: false`), and expansion is bounded.
 * @param {Formula} formula
 * @returns {HTMLElement}
 */
export function renderFormula(formula) {
  const element = document.createElement('span');
  element.className = formula.display ? 'formula formula-display' : 'formula';
  try {
    katex.render(formula.tex, element, {
      displayMode: formula.display,
      throwOnError: false,
      strict: 'ignore',
      trust: false,
      maxExpand: 500,
      maxSize: 20,
      output: 'htmlAndMathml',
    });
  } catch {
    element.textContent = formula.source;
  }
  return element;
}
