/**
 * Tiny DOM helpers. Every piece of text goes in as a text node, never as HTML, so nothing a learner,
 * the model or the bank writes can become markup by passing through here.
 */

/**
 * Creates an element.
 * @param {string} tag element name
 * @param {Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>} [attributes]
 *   attributes; `on<event>` keys with a function become listeners; `false`, `null` and `undefined` are left out.
 * @param {...(Node | string | null | undefined | false)} children nodes, or strings added as text
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/**
 * A language tag for a piece of text: Chinese when at least a fifth of its letters are Han characters,
 * so the browser picks a CJK font and line breaking for it; English otherwise.
 * @param {string} text
 * @returns {'zh-CN' | 'en'}
 */
export function guessLanguage(text) {
  const han = text.match(/[\u3400-\u9fff\uf900-\ufaff]/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  return han > 0 && han * 5 >= han + latin ? 'zh-CN' : 'en';
}

/**
 * An element of the page, checked to be of the class the script expects.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page lacks #${id} (a ${type.name})`);
  return element;
}
