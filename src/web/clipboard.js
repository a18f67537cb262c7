/**
 * Copies text to the clipboard: the async Clipboard API where the page may use it (secure contexts
 * only: https or localhost), else the old hidden-textarea + execCommand('copy') route, which still
 * works on plain http on a LAN address.
 * @param {string} text
 * @returns {Promise<boolean>} whether the text was copied
 */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused or the document lost focus: the fallback below may still work.
    }
  }
  return copyWithSelection(text);
}

/** @param {string} text */
function copyWithSelection(text) {
  const previousFocus = document.activeElement;
  const buffer = document.createElement('textarea');
  buffer.value = text;
  buffer.setAttribute('readonly', '');
  buffer.setAttribute('aria-hidden', 'true');
  // Positioned off-screen by the stylesheet (inline styles are blocked by the page's CSP).
  buffer.className = 'clipboard-buffer';
  document.body.append(buffer);
  buffer.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  buffer.remove();
  if (previousFocus instanceof HTMLElement) previousFocus.focus();
  return copied;
}
