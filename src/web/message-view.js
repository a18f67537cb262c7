import { copyText } from './clipboard.js';
import { guessLanguage, h } from './dom.js';
import { errorText, knownErrorCode } from './error-text.js';
import { renderMarkdown } from './render-markdown.js';
import { createSourceItem, labelChip } from './source-list.js';

/** @import { DoneMessage, HistoryEntry, Scope, Source, SourcesMessage } from './protocol-types.js' */

/**
 * The messages of the conversation as DOM: the learner's (plain text, never parsed) and the tutor's
 * (Markdown, streamed, with its sources, state and actions).
 */

/**
 * A learner's message. Shown as plain text: whatever they typed, markup included, is only text.
 * @param {string} text
 * @returns {HTMLElement}
 */
export function createUserMessage(text) {
  return h(
    'article',
    { class: 'message user' },
    h('span', { class: 'visually-hidden' }, 'You: '),
    h('div', { class: 'bubble', lang: guessLanguage(text) }, text),
  );
}

/**
 * A note from the page itself in the conversation (a lost session, a connection-level error).
 * @param {string} text
 * @param {'info' | 'error'} [kind]
 * @returns {HTMLElement}
 */
export function createSystemNote(text, kind = 'info') {
  return h('p', { class: `system-note ${kind}`, role: kind === 'error' ? 'alert' : undefined }, text);
}

/** @typedef {'pending' | 'streaming' | 'stopping' | 'done' | 'stopped' | 'interrupted' | 'error'} AnswerState */
/**
 * @typedef {{ question?: string, onChange?: () => void, onRetry?: (question: string) => void, onSuggest?: (question: string) => void, announce?: (text: string) => void }} AnswerViewOptions
 *   `question`: what was asked (for "Try again"); `onChange`: called after each re-render (to keep the
 *   list scrolled); `onSuggest`: asks one of the closest questions offered for an uncovered one;
 *   `announce`: short status text for screen readers.
 */
/**
 * An ended answer: a `done` message, or an answer from the history (which has no timings).
 * @typedef {Pick<DoneMessage, 'answer' | 'citations' | 'scope'> & { notice?: string | undefined, timings?: DoneMessage['timings'], degraded?: DoneMessage['degraded'] }} FinishedAnswer
 */

/**
 * One answer of the tutor, from "searching" through streaming to done, stopped, interrupted or failed.
 */
export class AnswerView {
  /** @param {AnswerViewOptions} [options] */
  constructor(options = {}) {
    this.options = options;
    /** The answer's Markdown so far. */
    this.text = '';
    /** @type {AnswerState} */
    this.state = 'pending';
    /** @type {Source[]} */
    this.sources = [];
    /** @type {number[]} */
    this.citations = [];
    this.renderScheduled = false;
    this.retryable = true;
    /** The query searched when a follow-up was rewritten, shown above the sources. @type {string | undefined} */
    this.rewritten = undefined;

    this.status = h('p', { class: 'answer-status' }, h('span', { class: 'typing', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')), ' Searching the bank…');
    this.scopeBadge = h('p', { class: 'scope-badge', hidden: true }, 'Not covered by the interview bank');
    this.notice = h('p', { class: 'notice', role: 'note', hidden: true });
    this.body = h('div', { class: 'answer-body markdown', 'aria-busy': 'true' });
    this.end = h('p', { class: 'answer-end', hidden: true });
    this.sourceList = h('div', { class: 'answer-sources', hidden: true });
    this.copyButton = h('button', { type: 'button', class: 'icon-button copy', 'aria-label': 'Copy answer', onclick: () => void this.copy() }, 'Copy');
    this.retryButton = h('button', { type: 'button', class: 'icon-button retry', hidden: true, onclick: () => this.retry() }, 'Try again');
    this.timing = h('span', { class: 'timing' });
    this.actions = h('div', { class: 'answer-actions', hidden: true }, this.copyButton, this.retryButton, this.timing);
    this.element = h(
      'article',
      { class: 'message assistant', 'data-state': this.state },
      h('span', { class: 'visually-hidden' }, 'Tutor: '),
      this.status,
      this.scopeBadge,
      this.notice,
      this.body,
      this.end,
      this.sourceList,
      this.actions,
    );
  }

  /**
   * An answer from the session's history (after a reload or a reconnect), drawn as it was: its
   * sources, its scope, the eli5 badge, the notice, and "stopped" for one the learner stopped.
   * @param {HistoryEntry} turn an assistant turn
   * @param {Omit<AnswerViewOptions, 'question'>} [options]
   */
  static fromHistory(turn, options = {}) {
    const view = new AnswerView(options);
    view.sources = Array.isArray(turn.sources) ? turn.sources : [];
    if (turn.eli5) view.element.classList.add('eli5');
    if (turn.stopped) {
      view.text = turn.content;
      view.markStopped();
      return view;
    }
    view.finish({ answer: turn.content, citations: turn.citations ?? [], scope: turn.scope ?? 'answer', notice: turn.notice });
    return view;
  }

  /** Whether the answer is still coming (or being stopped). */
  get isActive() {
    return this.state === 'pending' || this.state === 'streaming' || this.state === 'stopping';
  }

  /**
   * The records the answer rests on, sent before its first token.
   * @param {SourcesMessage} message
   */
  setSources(message) {
    this.sources = Array.isArray(message.sources) ? message.sources : [];
    if (this.state === 'pending') this.status.lastChild?.replaceWith(' Writing the answer…');
    if (message.rewrittenQuery && this.options.question && message.rewrittenQuery.trim() !== this.options.question.trim()) {
      // A follow-up was rewritten before searching: show what was searched, so a surprising answer can be understood.
      this.rewritten = message.rewrittenQuery;
    }
  }

  /** @param {string} text a piece of the answer */
  appendToken(text) {
    if (!this.isActive) return;
    this.text += text;
    if (this.state === 'pending') this.setState('streaming');
    this.scheduleRender();
  }

  /**
   * The end of the answer: its final text replaces what streamed (the server may have corrected citations).
   * @param {FinishedAnswer} done
   */
  finish(done) {
    this.text = typeof done.answer === 'string' ? done.answer : this.text;
    this.citations = Array.isArray(done.citations) ? done.citations : [];
    this.showScope(done.scope);
    if (done.notice) {
      // The server writes the notice into the answer too, for clients that show only text; here it stands apart, once.
      this.text = this.text.replace(done.notice, '').replace(/\n{3,}/gu, '\n\n').trim();
      this.notice.textContent = done.notice;
      this.notice.hidden = false;
    }
    const totalMs = done.timings?.totalMs;
    if (typeof totalMs === 'number') this.timing.textContent = formatMs(totalMs);
    if (done.timings) {
      // Where the time went, on hover: finding the records, ranking them, writing the answer.
      const { retrieveMs, rerankMs, generateMs, totalMs: total } = done.timings;
      const reranked = done.degraded?.includes('rerank') ? ' (ranked lexically: the model was busy)' : '';
      this.timing.title = `retrieve ${formatMs(retrieveMs)} · rerank ${formatMs(rerankMs)}${reranked} · generate ${formatMs(generateMs)} · total ${formatMs(total)}`;
    }
    this.setState('done');
    this.render();
    this.renderSources();
    this.options.announce?.('Answer complete.');
  }

  /**
   * Marks an answer the bank does not cover, or one given from the bank's closest question.
   * @param {Scope} scope
   */
  showScope(scope) {
    this.element.classList.toggle('out-of-scope', scope === 'out-of-scope');
    this.element.classList.toggle('closest', scope === 'closest');
    this.scopeBadge.textContent = scope === 'closest' ? 'Closest question in the bank' : 'Not covered by the interview bank';
    this.scopeBadge.hidden = scope === 'answer';
  }

  /** The learner asked to stop; the server confirms with an ABORTED error (or finishes first). */
  requestStop() {
    if (!this.isActive) return;
    this.setState('stopping');
    this.showEnd('Stopping…');
  }

  /** The answer was stopped by the learner: what came so far stays, marked as cut short. */
  markStopped() {
    // No `done` brings the citations of a stopped answer: take those its text made so far.
    const retrieved = new Set(this.sources.map((source) => source.id));
    this.citations = [...new Set([...this.text.matchAll(/\[Q(\d{1,3})\]/gu)].map((match) => Number(match[1])))].filter((id) => retrieved.has(id));
    this.setState('stopped');
    this.render();
    this.showEnd(this.text === '' ? 'Stopped before the answer began.' : 'Stopped — the answer was cut short.');
    this.renderSources();
    this.options.announce?.('Answer stopped.');
  }

  /** The connection dropped while the answer was coming. */
  interrupt() {
    if (!this.isActive) return;
    this.setState('interrupted');
    this.render();
    this.showEnd('Interrupted — the connection was lost.');
  }

  /**
   * The server refused or failed the answer; shown in place, the chat goes on.
   * @param {string} code the server's error code (one this page does not know is shown by its message)
   * @param {string} message
   * @param {number} [retryAfterMs]
   */
  fail(code, message, retryAfterMs) {
    const known = knownErrorCode(code);
    // Asking the same thing again cannot help when the message itself was refused.
    this.retryable = known !== 'TOO_LARGE' && known !== 'BAD_REQUEST';
    this.setState('error');
    this.render();
    let text = known ? `${errorText(known)} (${message})` : message || 'The answer failed.';
    if (typeof retryAfterMs === 'number') text += ` Try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`;
    this.showEnd(text);
    this.end.setAttribute('role', 'alert');
  }

  /** @param {AnswerState} state */
  setState(state) {
    this.state = state;
    this.element.dataset['state'] = state;
    const active = this.isActive;
    this.body.setAttribute('aria-busy', String(active));
    this.status.hidden = state !== 'pending';
    this.actions.hidden = active || (this.text === '' && state !== 'error' && state !== 'interrupted');
    this.copyButton.hidden = this.text === '';
    this.retryButton.hidden = !this.options.question || !this.retryable || !(state === 'error' || state === 'interrupted' || state === 'stopped');
  }

  /** @param {string} text */
  showEnd(text) {
    this.end.textContent = text;
    this.end.hidden = false;
  }

  /** Re-renders at most once a frame while tokens stream in. */
  scheduleRender() {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    const run = () => {
      this.renderScheduled = false;
      this.render();
    };
    // Hidden tabs get no animation frames; a timer keeps the text current there too.
    if (document.visibilityState === 'visible') requestAnimationFrame(run);
    else setTimeout(run, 100);
  }

  render() {
    this.body.replaceChildren(renderMarkdown(this.text));
    this.body.lang = guessLanguage(this.text);
    for (const chip of this.body.querySelectorAll('button.cite')) labelChip(/** @type {HTMLElement} */ (chip));
    this.setState(this.state);
    this.options.onChange?.();
  }

  /** Lists the cited records with their question in both languages, and the other sources, smaller. */
  renderSources() {
    const cited = this.citations;
    const others = this.sources.filter((source) => !cited.includes(source.id));
    const blocks = [];
    if (this.rewritten) blocks.push(h('p', { class: 'rewritten' }, 'Searched as: ', h('q', {}, this.rewritten)));
    if (cited.length > 0) {
      blocks.push(h('p', { class: 'sources-heading' }, cited.length === 1 ? 'Source' : 'Sources'), h('ul', { class: 'cited' }, ...cited.map((id) => createSourceItem(id))));
    }
    const outOfScope = this.element.classList.contains('out-of-scope');
    if (others.length > 0 && outOfScope) {
      // Not covered: the closest questions the bank does cover, each one click from being asked.
      const suggestions = others.slice(0, 3).map((source) => {
        const item = createSourceItem(source.id, source.question);
        const onSuggest = this.options.onSuggest;
        if (onSuggest) {
          item.append(h('button', { type: 'button', class: 'suggest', onclick: () => onSuggest(source.question.en) }, 'Ask this'));
        }
        return item;
      });
      blocks.push(h('div', {}, h('p', { class: 'sources-heading' }, 'Closest questions in the bank'), h('ul', { class: 'also suggestions' }, ...suggestions)));
    } else if (others.length > 0) {
      const list = h('ul', { class: 'also' }, ...others.map((source) => createSourceItem(source.id, source.question)));
      blocks.push(h('details', { class: 'also-retrieved' }, h('summary', {}, `Also retrieved (${others.length})`), list));
    }
    this.sourceList.replaceChildren(...blocks);
    this.sourceList.hidden = blocks.length === 0;
    this.options.onChange?.();
  }

  async copy() {
    const copied = await copyText(this.text);
    this.copyButton.textContent = copied ? 'Copied' : 'Copy failed';
    this.options.announce?.(copied ? 'Answer copied to the clipboard.' : 'Could not copy the answer.');
    setTimeout(() => {
      this.copyButton.textContent = 'Copy';
    }, 2000);
  }

  retry() {
    if (this.options.question) this.options.onRetry?.(this.options.question);
  }
}

/**
 * A duration as the page shows it: whole milliseconds below a second, tenths of seconds above.
 * @param {number} milliseconds
 */
function formatMs(milliseconds) {
  // A stage that did not run (a refusal is not reranked) reads 0 ms; one that did, at least "<1 ms".
  if (milliseconds === 0) return '0 ms';
  if (milliseconds < 1) return '<1 ms';
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}
