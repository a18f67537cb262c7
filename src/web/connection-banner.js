/**
 * The banner under the header that says what is wrong with the connection, and its one button:
 * "Retry now" while the tutor is unreachable, "Start a new chat here" once another window took the
 * conversation over.
 */
export class ConnectionBanner {
  /** @param {Document} document */
  constructor(document) {
    const find = (/** @type {string} */ id) => {
      const element = document.getElementById(id);
      if (!element) throw new Error(`the page lacks #${id}`);
      return element;
    };
    this.element = find('connection-banner');
    this.title = find('banner-title');
    this.detail = find('banner-detail');
    this.button = find('retry-now');
  }

  /**
   * Shows the banner for a connection state (`ready` hides it).
   * @param {string} state `ready`, `offline`, `taken-over` or `connecting`
   * @param {number} [retryInMs] for `offline`: when the next attempt is
   */
  showState(state, retryInMs = 0) {
    this.button.textContent = state === 'taken-over' ? 'Start a new chat here' : 'Retry now';
    if (state === 'ready') this.element.hidden = true;
    else if (state === 'taken-over') this.show('Close this window, or start a new chat here.', TAKEN_OVER);
    else if (state === 'offline') this.show(`The tutor cannot be reached. Trying again in ${Math.max(1, Math.round(retryInMs / 1000))} s.`);
  }

  /**
   * Says that a message could not be sent and is kept in the composer.
   * @param {boolean} takenOver
   */
  showKept(takenOver) {
    if (takenOver) this.show('Your message is kept; start a new chat here to send it.', TAKEN_OVER);
    else this.show('Your message is kept; send it again once the tutor is back.');
  }

  /** @param {string} detail @param {string} [title] */
  show(detail, title = 'Reconnecting…') {
    this.title.textContent = title;
    this.detail.textContent = detail;
    this.element.hidden = false;
  }
}

const TAKEN_OVER = 'This conversation continued in another window.';
