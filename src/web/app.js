import { ConnectionBanner } from './connection-banner.js';
import { TutorConnection, safeStorage } from './connection.js';
import { knownErrorCode } from './error-text.js';
import { byId } from './dom.js';
import { AnswerView, createSystemNote, createUserMessage } from './message-view.js';
import { rememberQuestions } from './records.js';
import { PracticeView } from './practice-view.js';
import { SourcePanel } from './source-panel.js';

/** @import { ErrorMessage, HistoryEntry, ReadyMessage } from './protocol-types.js' */

/**
 * The chat page: wires the composer, the conversation, the source panel and the connection together.
 * One answer is in flight at a time (the server refuses a second one), so the composer switches
 * between Send and Stop.
 */

const chat = byId('chat', HTMLElement);
const list = byId('messages', HTMLElement);
const emptyState = byId('empty-state', HTMLElement);
const form = byId('composer', HTMLFormElement);
const input = byId('composer-input', HTMLTextAreaElement);
const sendButton = byId('send-button', HTMLButtonElement);
const stopButton = byId('stop-button', HTMLButtonElement);
const eli5Toggle = byId('eli5-toggle', HTMLButtonElement);
const newChatButton = byId('new-chat', HTMLButtonElement);
const modelInfo = byId('model-info', HTMLElement);
const announcer = byId('announcer', HTMLElement);
const hint = byId('composer-hint', HTMLElement);

const banner = new ConnectionBanner(document);
const storage = safeStorage();
const connection = new TutorConnection();
const panel = new SourcePanel(byId('source-panel', HTMLDialogElement));

/** Answers by ask id, for routing `sources`, `token`, `done` and `error`. @type {Map<string, AnswerView>} */
const answers = new Map();
/** The answer being streamed. @type {{ id: string, view: AnswerView } | null} */
let active = null;
/** The session shown on the page; a `ready` for another one means the server forgot ours. @type {string | undefined} */
let shownSession;
/** "New chat" pressed while offline: reset as soon as the connection is back. */
let resetPending = false;
/** Whether the list follows new text (false once the learner scrolls up to read). */
let pinned = true;
let askCount = 0;
let eli5 = storage.get('tutor.eli5') === '1';

// ——— composer ———

form.addEventListener('submit', (event) => {
  event.preventDefault();
  ask(input.value, { fromComposer: true });
});

input.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter is a new line; never while an IME is composing (Chinese input uses Enter to pick).
  if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    ask(input.value, { fromComposer: true });
  } else if (event.key === 'Escape' && active) {
    event.preventDefault();
    stop();
  }
});
input.addEventListener('input', autosize);

stopButton.addEventListener('click', () => stop());

eli5Toggle.addEventListener('click', () => {
  eli5 = !eli5;
  storage.set('tutor.eli5', eli5 ? '1' : '0');
  showEli5();
});

newChatButton.addEventListener('click', () => newChat());
banner.button.addEventListener('click', () => {
  if (document.body.dataset['connection'] === 'taken-over') newChat();
  else connection.retryNow();
});

for (const example of document.querySelectorAll('button.example')) {
  example.addEventListener('click', () => ask(/** @type {HTMLElement} */ (example).dataset['example'] ?? '', { fromComposer: false }));
}

// Citation chips anywhere in the conversation open the source panel.
list.addEventListener('click', (event) => {
  const chip = event.target instanceof Element ? event.target.closest('button.cite') : null;
  if (chip instanceof HTMLElement) panel.open(Number(chip.dataset['qid']), chip);
});

chat.addEventListener('scroll', () => {
  pinned = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 64;
});

/**
 * Sends a question. The draft is cleared only once the question is on its way.
 * @param {string} raw
 * @param {{ fromComposer: boolean }} options
 */
function ask(raw, { fromComposer }) {
  const text = raw.trim();
  if (text === '') {
    input.focus();
    return;
  }
  if (active) {
    say('Still answering. Wait for the answer, or press Stop.');
    return;
  }
  const id = `${Date.now().toString(36)}-${(askCount += 1)}`;
  const mode = eli5 ? 'eli5' : 'normal';
  if (!connection.send({ type: 'ask', id, text, mode })) {
    banner.showKept(document.body.dataset['connection'] === 'taken-over');
    say('Not connected. Your message is kept.');
    return;
  }
  const view = new AnswerView({
    question: text,
    onChange: followList,
    onRetry: (question) => ask(question, { fromComposer: false }),
    onSuggest: (question) => ask(question, { fromComposer: false }),
    announce: say,
  });
  if (mode === 'eli5') view.element.classList.add('eli5');
  answers.set(id, view);
  active = { id, view };
  append(createUserMessage(text), view.element);
  if (fromComposer) {
    input.value = '';
    autosize();
  }
  pinned = true;
  followList();
  updateComposer();
}

function stop() {
  if (!active) return;
  active.view.requestStop();
  if (!connection.send({ type: 'cancel', id: active.id })) {
    // Offline: the server ends the answer itself when the socket closes.
    active.view.interrupt();
    finishActive();
  }
}

function newChat() {
  if (active) finishActive();
  answers.clear();
  list.replaceChildren();
  emptyState.hidden = false;
  if (document.body.dataset['connection'] === 'taken-over') {
    // The old conversation lives in another window now: this one starts a session of its own.
    shownSession = undefined;
    connection.startFresh();
  } else if (!connection.send({ type: 'reset' })) resetPending = true;
  input.focus();
  say('New chat started.');
}

// ——— server messages ———

connection.onMessage((message) => {
  if (message.type === 'ready') {
    onReady(message);
    return;
  }
  const view = message.id === undefined ? undefined : answers.get(String(message.id));
  switch (message.type) {
    case 'sources':
      rememberQuestions(message.sources ?? []);
      view?.setSources(message);
      break;
    case 'token':
      if (typeof message.text === 'string') view?.appendToken(message.text);
      break;
    case 'done':
      view?.finish(message);
      if (active?.view === view) finishActive();
      break;
    case 'error':
      onError(message, view);
      break;
  }
});

/** @param {ReadyMessage} message */
function onReady(message) {
  showModel(message.llm, message.records);
  const resumed = message.session === shownSession;
  shownSession = message.session;
  if (resetPending) {
    resetPending = false;
    connection.send({ type: 'reset' });
    return;
  }
  if (list.childElementCount === 0) {
    showHistory(Array.isArray(message.history) ? message.history : []);
  } else if (!resumed) {
    // Keep what the learner sees, but say that follow-ups no longer have this context.
    append(createSystemNote('The tutor was restarted and no longer remembers this conversation. Your next question starts a new one.'));
  }
}

/** @param {HistoryEntry[]} history */
function showHistory(history) {
  const nodes = history.map((turn) =>
    turn.role === 'user'
      ? createUserMessage(turn.content)
      : AnswerView.fromHistory(turn, { onChange: followList, onSuggest: (question) => ask(question, { fromComposer: false }) }).element,
  );
  if (nodes.length > 0) append(...nodes);
  pinned = true;
  followList();
}

/**
 * @param {ErrorMessage} message
 * @param {AnswerView | undefined} view
 */
function onError(message, view) {
  const code = knownErrorCode(message.code);
  // The banner says it (see the `taken-over` status); the conversation itself stays readable.
  if (code === 'RESUMED_ELSEWHERE') return;
  if (!view) {
    // Errors without an ask (a malformed frame) or for an answer no longer shown.
    const text = message.message || 'The tutor reported an error.';
    // A refused reconnection repeats its error on every attempt; one note says it.
    if (message.id === undefined && list.lastElementChild?.textContent !== text) append(createSystemNote(text, 'error'));
    return;
  }
  // A late error about an answer that already ended (e.g. a cancel that crossed its `done`) changes nothing.
  if (!view.isActive) return;
  if (code === 'ABORTED' && view.state === 'stopping') view.markStopped();
  else view.fail(message.code, message.message, message.retryAfterMs);
  if (active?.view === view) finishActive();
}

// ——— connection state ———

connection.onStatus(({ state, retryInMs }) => {
  document.body.dataset['connection'] = state;
  if ((state === 'offline' || state === 'taken-over') && active) {
    active.view.interrupt();
    finishActive();
  }
  banner.showState(state, retryInMs);
  updateComposer();
});

/** @param {ReadyMessage['llm'] | undefined} llm @param {number | undefined} records */
function showModel(llm, records) {
  const source = llm?.mode === 'openai' ? `Answers by ${llm.model ?? 'a language model'}` : 'Answers quoted from the bank';
  modelInfo.textContent = typeof records === 'number' ? `${source} · ${records} questions` : source;
}

// ——— view helpers ———

function finishActive() {
  active = null;
  updateComposer();
}

function updateComposer() {
  const streaming = active !== null;
  const stopHadFocus = document.activeElement === stopButton;
  sendButton.hidden = streaming;
  stopButton.hidden = !streaming;
  sendButton.setAttribute('aria-disabled', String(!connection.ready));
  // The button under the learner's focus disappeared: keep focus in the composer, not on <body>.
  if (stopHadFocus && !streaming) input.focus();
  hint.textContent = streaming ? 'Answering… Esc or Stop to stop it' : 'Enter to send · Shift+Enter for a new line';
}

function showEli5() {
  eli5Toggle.setAttribute('aria-pressed', String(eli5));
}

/** @param {...Node} nodes */
function append(...nodes) {
  emptyState.hidden = true;
  list.append(...nodes);
}

/** Keeps the newest text in view unless the learner scrolled up to read something. */
function followList() {
  if (pinned) chat.scrollTop = chat.scrollHeight;
}

/** Grows the message box with its text, up to the limit the stylesheet sets with max-height. */
function autosize() {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight}px`;
}

/** @param {string} text a short status for screen readers */
function say(text) {
  announcer.textContent = '';
  // A fresh text node after clearing makes screen readers announce a repeated message again.
  requestAnimationFrame(() => {
    announcer.textContent = text;
  });
}

showEli5();
updateComposer();
// ——— chat and practice ———

const practiceSection = byId('practice', HTMLElement);
const chatTab = byId('tab-chat', HTMLButtonElement);
const practiceTab = byId('tab-practice', HTMLButtonElement);
const practice = new PracticeView(connection, (question) => {
  showView('chat');
  ask(question, { fromComposer: false });
});

/**
 * Shows the chat or the practice view; the other is hidden, the chat's conversation stays as it was.
 * @param {'chat' | 'practice'} view
 */
function showView(view) {
  const practising = view === 'practice';
  chat.hidden = practising;
  form.hidden = practising;
  newChatButton.hidden = practising;
  practiceSection.hidden = !practising;
  chatTab.setAttribute('aria-selected', String(!practising));
  practiceTab.setAttribute('aria-selected', String(practising));
  if (practising) void practice.show();
}
chatTab.addEventListener('click', () => showView('chat'));
practiceTab.addEventListener('click', () => showView('practice'));

connection.start();
