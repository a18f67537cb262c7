import { byId, h } from './dom.js';
import { errorText, knownErrorCode } from './error-text.js';
import { LearnerKey } from './learner-key.js';

/** @import { ErrorMessage, PracticeGradeMessage, PracticeQuestionMessage, ProgressMessage, ServerMessage, ClientMessage, Topic } from './protocol-types.js' */

/**
 * The Practice view: the tutor asks a question of the bank (within a topic, in English or Chinese),
 * the learner answers, and the grade card shows the score, the key points covered and missed, the
 * model answer with its citation and the interviewer's follow-up; "Ask the tutor about this" opens
 * the chat on that record. Below, the learner's progress: the 50 questions by topic, coloured by how
 * the last answer went, what is due and the streak. Progress belongs to the browser's learner key
 * (see LearnerKey), so it outlives the tab and the chat session.
 */
export class PracticeView {
  /**
   * @param {{ send: (message: ClientMessage) => boolean, onMessage: (listener: (message: ServerMessage) => void) => void }} connection
   * @param {(question: string) => void} askTutor opens the chat and asks there
   */
  constructor(connection, askTutor) {
    this.connection = connection;
    this.askTutor = askTutor;
    this.learner = new LearnerKey(connection);
    /** @type {Topic[]} */
    this.topics = [];
    /** @type {PracticeQuestionMessage | undefined} */
    this.current = undefined;
    this.sequence = 0;
    this.topic = byId('practice-topic', HTMLSelectElement);
    this.language = byId('practice-language', HTMLSelectElement);
    this.nextButton = byId('practice-next', HTMLButtonElement);
    this.card = byId('practice-card', HTMLElement);
    this.recordChip = byId('practice-record', HTMLElement);
    this.questionText = byId('practice-question', HTMLElement);
    this.answer = byId('practice-answer', HTMLTextAreaElement);
    this.submit = byId('practice-submit', HTMLButtonElement);
    this.gradeCard = byId('practice-grade', HTMLElement);
    this.summary = byId('progress-summary', HTMLElement);
    this.grid = byId('progress-grid', HTMLElement);
    this.forgetButton = byId('practice-forget', HTMLButtonElement);
    this.forgetButton.addEventListener('click', () => {
      if (!window.confirm('Delete every answer and review schedule the tutor keeps for you?')) return;
      this.learner.ensure();
      if (this.connection.send({ type: 'practice.forget', id: this.id('forget') })) this.learner.forget();
    });
    this.nextButton.addEventListener('click', () => this.next());
    this.submit.addEventListener('click', () => this.grade());
    this.answer.addEventListener('keydown', (event) => {
      // Ctrl/Cmd+Enter grades: a plain Enter is a new line in a long answer.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.grade();
      }
    });
    connection.onMessage((message) => this.receive(message));
  }

  /** Loads the topics once and asks for the progress; called when the view is first shown. */
  async show() {
    if (this.topics.length === 0) {
      const response = await fetch('/api/practice/topics');
      /** @type {Topic[]} */
      const topics = response.ok ? await response.json() : [];
      this.topics = topics;
      for (const topic of topics) this.topic.append(h('option', { value: topic.id }, topic.name.en));
    }
    this.requestProgress();
  }

  next() {
    const topic = this.topic.value;
    const language = this.language.value === 'zh' ? 'zh' : 'en';
    this.learner.ensure();
    this.connection.send({ type: 'practice.next', id: this.id('next'), language, ...(topic ? { topic } : {}) });
  }

  requestProgress() {
    this.learner.ensure();
    // The streak counts the learner's own days.
    this.connection.send({ type: 'progress', id: this.id('progress'), utcOffsetMinutes: -new Date().getTimezoneOffset() });
  }

  grade() {
    const text = this.answer.value.trim();
    // Held keys repeat Ctrl+Enter: one answer is graded at a time.
    if (this.submit.disabled) return;
    if (!this.current || text === '') {
      this.answer.focus();
      return;
    }
    this.submit.disabled = true;
    this.submit.textContent = 'Grading…';
    this.learner.ensure();
    if (!this.connection.send({ type: 'practice.answer', id: this.id('answer'), recordId: this.current.recordId, text })) this.resetSubmit();
  }

  /** @param {ServerMessage} message */
  receive(message) {
    if (!('id' in message) || typeof message.id !== 'string' || !message.id.startsWith('practice-')) return;
    switch (message.type) {
      case 'practice.question':
        this.showQuestion(message);
        break;
      case 'practice.grade':
        this.showGrade(message);
        this.requestProgress();
        break;
      case 'progress':
        this.showProgress(message);
        break;
      case 'error':
        this.showError(message);
        break;
    }
  }

  /** @param {PracticeQuestionMessage} message */
  showQuestion(message) {
    this.current = message;
    this.card.hidden = false;
    this.gradeCard.hidden = true;
    this.recordChip.textContent = `Q${message.recordId}`;
    this.questionText.textContent = message.question[message.language];
    this.questionText.lang = message.language === 'zh' ? 'zh-CN' : 'en';
    this.answer.value = '';
    this.resetSubmit();
    this.answer.focus();
  }

  /** @param {PracticeGradeMessage} grade */
  showGrade(grade) {
    this.resetSubmit();
    // A grade that arrives after the learner moved on belongs to the question before.
    if (this.current && grade.recordId !== this.current.recordId) return;
    const language = this.current?.language ?? 'en';
    const percent = Math.round(grade.score * 100);
    const points = (/** @type {string} */ title, /** @type {{ point: string }[]} */ list, /** @type {string} */ kind) =>
      list.length === 0 ? null : h('div', { class: `points ${kind}` }, h('h4', {}, title), h('ul', {}, ...list.map(({ point }) => h('li', {}, point))));
    const parts = [
      h('p', { class: `verdict verdict-${grade.verdict}` }, h('strong', {}, verdictLabel(grade.verdict)), ` · ${percent}%`, h('span', { class: 'grader' }, grade.grader === 'llm' ? ' · graded by the LLM' : ' · graded on the key points')),
      // Offline grading can only vouch for words: say so where a fluent wrong answer could pass.
      grade.grader === 'lexical' && grade.verdict !== 'missed'
        ? h('p', { class: 'grader-note' }, 'Graded offline: it checks which key points your words make and a list of known wrong claims, not every claim. Compare with the model answer.')
        : null,
      grade.wrongClaims && grade.wrongClaims.length > 0
        ? h('div', { class: 'points wrong' }, h('h4', {}, 'Check this'), h('ul', {}, ...grade.wrongClaims.map(({ claim, correction }) => h('li', {}, h('s', {}, claim), ' ', correction))))
        : null,
      points('Covered', grade.covered, 'covered'),
      points('Missed', grade.missed, 'missed'),
      h('details', { class: 'model-answer' }, h('summary', {}, 'Model answer ', h('span', { class: 'cite-chip' }, `Q${grade.recordId}`)), h('p', { lang: language === 'zh' ? 'zh-CN' : 'en' }, grade.modelAnswer[language])),
      h('p', { class: 'follow-up' }, h('strong', {}, 'Follow-up: '), grade.followUp),
      h('div', { class: 'practice-actions' },
        h('button', { type: 'button', class: 'button secondary', onclick: () => this.askTutor(`Explain Q${grade.recordId}: ${this.current?.question[language] ?? ''}`) }, 'Ask the tutor about this'),
        h('button', { type: 'button', class: 'button primary', onclick: () => this.next() }, 'Next question'),
      ),
    ];
    this.gradeCard.replaceChildren(...parts.filter((part) => part !== null));
    this.gradeCard.hidden = false;
  }

  /** @param {ProgressMessage} progress */
  showProgress(progress) {
    const { seen, mastered, due } = progress.summary;
    const { days, practicedToday } = progress.streak;
    const streak = days === 0 ? '' : ` · ${days}-day streak${practicedToday ? '' : ' (answer one today to keep it)'}`;
    this.summary.textContent = seen === 0 ? 'No answers yet.' : `${seen} of 50 questions answered · ${mastered} mastered · ${due} due for review${streak}`;
    const byRecord = new Map(progress.records.map((record) => [record.id, record]));
    const now = Date.now();
    this.grid.replaceChildren(
      ...this.topics.map((topic) =>
        h('div', { class: 'topic-row' }, h('span', { class: 'topic-name' }, topic.name.en),
          ...topic.recordIds.map((id) => {
            const record = byRecord.get(id);
            const state = !record ? 'unseen' : record.dueAt <= now ? 'due' : record.lastVerdict;
            return h('button', { type: 'button', class: `progress-cell ${state}`, title: `Q${id}: ${state}`, 'aria-label': `Q${id}, ${state}`, onclick: () => this.pick(id) }, String(id));
          }),
        ),
      ),
    );
  }

  /** @param {number} recordId */
  pick(recordId) {
    this.learner.ensure();
    this.connection.send({ type: 'practice.next', id: this.id('next'), recordId, language: this.language.value === 'zh' ? 'zh' : 'en' });
  }

  /** @param {ErrorMessage} message */
  showError(message) {
    this.resetSubmit();
    const code = knownErrorCode(message.code);
    this.gradeCard.replaceChildren(h('p', { class: 'practice-error', role: 'alert' }, code ? `${errorText(code)} (${message.message})` : message.message));
    this.gradeCard.hidden = false;
  }

  resetSubmit() {
    this.submit.disabled = false;
    this.submit.textContent = 'Grade my answer';
  }

  /** @param {string} kind */
  id(kind) {
    this.sequence += 1;
    return `practice-${kind}-${this.sequence}`;
  }
}

/** @param {'strong' | 'partial' | 'missed'} verdict */
function verdictLabel(verdict) {
  return verdict === 'strong' ? 'Strong answer' : verdict === 'partial' ? 'Partly there' : 'Missed';
}
