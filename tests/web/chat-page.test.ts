import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type TutorRuntime } from '../../src/runtime/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { chromiumAvailable, chromiumExecutable, launchChromium, openWatchedPage, type PageWatch } from '../helpers/browser-chromium.js';
import { createTestRuntime } from '../helpers/create-test-runtime.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { projectRoot } from '../helpers/project-paths.js';

/**
 * The chat page in a real headless Chromium against the real server: one browser for the file, a fresh
 * context (own storage) per test. Two servers: one answering extractively (fast, deterministic), one
 * backed by a fake OpenAI-compatible server that streams slowly (to stop an answer) and can answer
 * with hostile HTML.
 */

const available = chromiumAvailable();
if (!available) console.warn(`skipping the chat page browser tests: ${chromiumExecutable} is missing`);

const artifacts = path.join(projectRoot, 'test-artifacts');
const ragQuestionEn = 'What are the steps in Retrieval-Augmented Generation (RAG)?';
const ragQuestionZh = '检索增强生成(RAG)的步骤是什么?';
const slowAnswer = `RAG runs in three steps [Q36]. ${'First it retrieves documents, then it ranks them, then it generates the answer. '.repeat(40)}`;
const hostileAnswer = [
  'Beam search keeps several candidate sequences [Q5].',
  '<img src=x onerror="window.__pwned=\'answer-img\'">',
  '<script>window.__pwned = \'answer-script\'</script>',
  '[a link](javascript:window.__pwned=\'link\') ![tracker](http://127.0.0.1:9/t.png)',
  '<iframe src="javascript:window.__pwned=\'iframe\'"></iframe>',
].join('\n');

const logger = createLogger('silent');
let browser: Browser;
let extractiveRuntime: TutorRuntime & { cleanup: () => Promise<void> };
let llmRuntime: TutorRuntime & { cleanup: () => Promise<void> };
let fakeLlm: FakeOpenAiServer;
let extractive: RunningServer;
let slow: RunningServer;
const watches: PageWatch[] = [];

/** The learner's message inside the prompt the tutor sent to the fake LLM. */
function learnerMessage(messages: readonly { content: string }[]): string {
  return /<learner_message>\n([\s\S]*?)\n<\/learner_message>/u.exec(messages.at(-1)?.content ?? '')?.[1] ?? '';
}

describe.skipIf(!available)('the chat page in headless Chromium', () => {
  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    fakeLlm = await startFakeOpenAiServer({
      reply: (messages) => (learnerMessage(messages).includes('beam') ? hostileAnswer : slowAnswer),
      // A learner who asks for an "exhaustive" answer gets one cut at the length limit.
      finishReason: (messages) => (learnerMessage(messages).includes('exhaustive') ? 'length' : 'stop'),
      chunkDelayMs: 25,
    });
    // Every page of this file connects from 127.0.0.1: the per-address limits are raised so they never refuse a test.
    const generous = { ASKS_PER_MINUTE_PER_IP: '10000', ASKS_PER_MINUTE_PER_CONNECTION: '10000', CONNECTIONS_PER_IP: '1000', CONNECTIONS_PER_MINUTE_PER_IP: '10000' };
    [browser, extractiveRuntime, llmRuntime] = await Promise.all([
      launchChromium(),
      createTestRuntime(generous),
      createTestRuntime({ ...generous, LLM_BASE_URL: fakeLlm.baseUrl, LLM_MODEL: 'fake-model' }),
    ]);
    extractive = await startServer(extractiveRuntime, { host: '127.0.0.1', port: 0, logger });
    slow = await startServer(llmRuntime, { host: '127.0.0.1', port: 0, logger });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([extractive?.close(100), slow?.close(100)]);
    await Promise.all([extractiveRuntime?.cleanup(), llmRuntime?.cleanup(), fakeLlm?.close()]);
  });

  // Every test's page must run without script errors and without breaking the Content-Security-Policy.
  afterEach(async () => {
    const opened = watches.splice(0);
    for (const watch of opened) {
      const violations = watch.page.isClosed() ? [] : await watch.cspViolations();
      await watch.context.close();
      expect(watch.errors).toEqual([]);
      expect(violations).toEqual([]);
    }
  });

  async function openChat(server: RunningServer, options: Parameters<typeof openWatchedPage>[1] = {}): Promise<PageWatch> {
    const watch = await openWatchedPage(browser, options);
    watches.push(watch);
    await watch.page.goto(`${server.url}/`);
    await waitUntilConnected(watch.page);
    return watch;
  }

  it('answers a question with streamed Markdown and a citation chip that opens the exact source in English and Chinese', async () => {
    const { page, sent, received } = await openChat(extractive);
    await page.locator('#composer-input').fill('What are the steps in RAG?');
    await page.keyboard.press('Enter');

    const answer = await lastAnswer(page, 'done');
    // Where the time went, on hover over the answer's time.
    // Each stage as the page writes durations: "<1 ms", "12 ms", or "1.1 s" from a second (a loaded machine).
    const duration = String.raw`(?:<1 ms|\d+ ms|\d+\.\d s)`;
    expect(await answer.locator('.timing').getAttribute('title')).toMatch(new RegExp(`^retrieve ${duration} · rerank ${duration} · generate ${duration} · total ${duration}$`, 'u'));
    // Rendered as Markdown: a list and bold text, not raw asterisks and dashes.
    expect(await answer.locator('.answer-body li').count()).toBeGreaterThanOrEqual(3);
    expect(await answer.locator('.answer-body strong').count()).toBeGreaterThan(0);
    expect(await answer.locator('.answer-body').textContent()).not.toContain('**');
    // The ask went out as the contract says, and the answer streamed in several tokens.
    expect(sent.filter((message) => message['type'] === 'ask')).toEqual([{ type: 'ask', id: expect.any(String), text: 'What are the steps in RAG?', mode: 'normal' }]);
    expect(received.filter((message) => message['type'] === 'token').length).toBeGreaterThan(5);

    const chip = answer.locator('.answer-body button.cite[data-qid="36"]');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('Q36');
    // The cited question is listed under the answer in both languages.
    const cited = answer.locator('.answer-sources ul.cited li');
    await expect.poll(() => cited.first().textContent()).toContain(ragQuestionZh);
    expect(await cited.first().textContent()).toContain(ragQuestionEn);

    await chip.click();
    const panel = page.locator('#source-panel');
    await panel.locator('.record-question').first().waitFor();
    expect(await panel.getAttribute('open')).not.toBeNull();
    expect(await panel.locator('#source-panel-title').textContent()).toBe('Source Q36');
    const questions = await panel.locator('.record-question').allTextContents();
    expect(questions).toEqual([ragQuestionEn, ragQuestionZh]);
    expect(await panel.locator('section[lang="zh-CN"] .record-answer').textContent()).toContain('检索');
    expect(await panel.locator('section[lang="en"] .record-answer li').count()).toBe(3);
    await page.screenshot({ path: path.join(artifacts, 'chat-page.png') });

    // Escape closes the panel and gives focus back to the chip that opened it.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('source-panel') as HTMLDialogElement).open);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['qid'])).toBe('36');
  });

  it('sends mode "eli5" when "Explain like I\'m new" is on, and answers in plain words', async () => {
    const { page, sent } = await openChat(extractive);
    const toggle = page.locator('#eli5-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    await ask(page, 'What is tokenization?');
    const answer = await lastAnswer(page, 'done');
    expect(await answer.locator('.answer-body').textContent()).toMatch(/In plain words/u);
    expect(await answer.getAttribute('class')).toContain('eli5');
    expect(sent.find((message) => message['type'] === 'ask')).toMatchObject({ text: 'What is tokenization?', mode: 'eli5' });
  });

  it('stops a streaming answer: sends cancel, keeps what came, marks it stopped', async () => {
    const { page, sent } = await openChat(slow);
    await ask(page, 'What are the steps in RAG?');
    const answer = page.locator('#messages .message.assistant').last();
    // Streaming: part of the text is there, the region is busy, Stop replaces Send.
    await page.waitForFunction(() => {
      const body = [...document.querySelectorAll('#messages .message.assistant')].at(-1)?.querySelector('.answer-body');
      return (body?.textContent?.length ?? 0) > 40 && body?.querySelector('button.cite') != null;
    });
    expect(await answer.getAttribute('data-state')).toBe('streaming');
    expect(await answer.locator('.answer-body').getAttribute('aria-busy')).toBe('true');
    expect(await page.locator('#send-button').isHidden()).toBe(true);

    await page.locator('#stop-button').click();
    await lastAnswer(page, 'stopped');
    expect(await answer.locator('.answer-end').textContent()).toMatch(/Stopped/u);
    const ask0 = sent.find((message) => message['type'] === 'ask');
    expect(sent).toContainEqual({ type: 'cancel', id: ask0?.['id'] });
    const partial = (await answer.locator('.answer-body').textContent()) ?? '';
    expect(partial.length).toBeGreaterThan(10);
    expect(partial.length).toBeLessThan(slowAnswer.length / 2);
    // What it cited so far is listed, as for a finished answer.
    expect(await answer.locator('.answer-sources ul.cited button.cite').allTextContents()).toEqual(['Q36']);
    expect(await page.locator('#send-button').isVisible()).toBe(true);
    expect(await page.locator('#stop-button').isHidden()).toBe(true);
    expect(await answer.locator('.answer-body').getAttribute('aria-busy')).toBe('false');
  });

  it('resumes the conversation after a reload with its resume token, never putting either in a URL', async () => {
    const { page, sent } = await openChat(extractive);
    const urls: string[] = [];
    page.on('websocket', (socket) => urls.push(socket.url()));
    await ask(page, 'What are the steps in RAG?');
    await lastAnswer(page, 'done');
    const stored = JSON.parse((await page.evaluate(() => sessionStorage.getItem('tutor.session'))) ?? '{}') as { session?: string; token?: string };
    expect(stored.session).toMatch(/\S/u);
    expect(stored.token).toMatch(/\S/u);

    await page.reload();
    await waitUntilConnected(page);
    await page.locator('#messages .message.assistant .answer-body button.cite[data-qid="36"]').waitFor();
    expect(await page.locator('#messages .message.user').allTextContents()).toEqual(['You: What are the steps in RAG?']);
    expect(await page.locator('#messages .message.assistant').count()).toBe(1);
    expect(sent).toContainEqual({ type: 'resume', session: stored.session, token: stored.token });
    const again = JSON.parse((await page.evaluate(() => sessionStorage.getItem('tutor.session'))) ?? '{}') as { session?: string; token?: string };
    expect(again.session).toBe(stored.session);
    expect(again.token).not.toBe(stored.token);
    expect(await page.locator('#empty-state').isHidden()).toBe(true);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/\/ws$/u);
  });

  it('hands the conversation to a second window with its token: the first says so and can start a new chat', async () => {
    const first = await openChat(extractive);
    await ask(first.page, 'What is MoE?');
    await lastAnswer(first.page, 'done');
    const stored = await first.page.evaluate(() => sessionStorage.getItem('tutor.session'));
    const second = await first.context.newPage();
    await second.addInitScript((value) => {
      if (value && !sessionStorage.getItem('tutor.session')) sessionStorage.setItem('tutor.session', value);
    }, stored);
    await second.goto(`${extractive.url}/`);
    await waitUntilConnected(second);
    await second.locator('#messages .message.assistant .answer-body button.cite[data-qid="37"]').waitFor();

    await first.page.waitForFunction(() => document.body.dataset['connection'] === 'taken-over', undefined, { timeout: 10_000 });
    expect(await first.page.locator('#connection-banner').textContent()).toContain('continued in another window');
    expect(await first.page.locator('#messages .system-note').count()).toBe(0);
    await first.page.locator('#retry-now').click();
    await waitUntilConnected(first.page);
    expect(await first.page.locator('#messages .message').count()).toBe(0);
    await ask(first.page, 'What are the steps in RAG?');
    await lastAnswer(first.page, 'done');
    // The second window kept the conversation: the first one's new chat is a session of its own.
    expect(await second.evaluate(() => document.body.dataset['connection'])).toBe('ready');
    await second.close();
  });

  it('answers a follow-up, an example request and an eli5 question with words to know, and redraws them exactly after a reload', async () => {
    const { page } = await openChat(extractive);
    await ask(page, 'What is the difference between LoRA and QLoRA?');
    await lastAnswer(page, 'done');
    await ask(page, 'and which one needs less memory?');
    const followUp = await lastAnswer(page, 'done');
    expect(await followUp.locator('.answer-body').textContent()).toContain('further reduce memory usage');
    expect(await followUp.locator('.answer-body').textContent()).not.toContain('70B');

    await ask(page, 'What is zero-shot learning?');
    await lastAnswer(page, 'done');
    await ask(page, 'Can you give me an example?');
    const example = await lastAnswer(page, 'done');
    expect(await example.locator('.answer-body').textContent()).toContain('Classify this review');

    await page.locator('#eli5-toggle').click();
    await ask(page, 'What is attention?');
    const eli5 = await lastAnswer(page, 'done');
    expect(await eli5.getAttribute('class')).toContain('eli5');
    expect(await eli5.locator('.answer-body').textContent()).toMatch(/Words to know/u);
    await eli5.locator('.answer-body li button.cite[data-qid="1"]').waitFor();
    await page.locator('#eli5-toggle').click();
    await ask(page, 'What is a Boltzmann machine?');
    await lastAnswer(page, 'done');

    const drawn = () =>
      page.locator('#messages .message.assistant').evaluateAll((answers) =>
        answers.map((answer) => ({
          classes: [...answer.classList].sort().join(' '),
          // Chips get their tooltips once the page has loaded the question list: compare what is drawn, not when.
          body: (answer.querySelector('.answer-body')?.innerHTML ?? '').replace(/ (?:aria-label|title)="[^"]*"/gu, ''),
          badge: (answer.querySelector('.scope-badge') as HTMLElement | null)?.hidden ? '' : (answer.querySelector('.scope-badge')?.textContent ?? ''),
          cited: [...answer.querySelectorAll('.answer-sources ul.cited button.cite')].map((chip) => chip.textContent),
          also: [...answer.querySelectorAll('.answer-sources ul.also button.cite')].map((chip) => chip.textContent),
        })),
      );
    const before = await drawn();
    await page.reload();
    await waitUntilConnected(page);
    await page.locator('#messages .message.assistant').nth(before.length - 1).waitFor();
    expect(await drawn()).toEqual(before);
    await page.screenshot({ path: path.join(artifacts, 'chat-page-redrawn.png'), fullPage: true });
  });

  it('shows "Reconnecting…" while the server is away and reconnects by itself', async () => {
    let server = await startServer(extractiveRuntime, { host: '127.0.0.1', port: 0, logger });
    const port = Number(new URL(server.url).port);
    try {
      const { page } = await openChat(server, { expectedConsoleErrors: /WebSocket connection to .* failed/u });
      await ask(page, 'What are the steps in RAG?');
      await lastAnswer(page, 'done');

      await server.close(100);
      const banner = page.locator('#connection-banner');
      await banner.waitFor({ state: 'visible' });
      expect(await banner.textContent()).toContain('Reconnecting…');
      // Sending while offline keeps the draft.
      await page.locator('#composer-input').fill('What is LoRA?');
      await page.keyboard.press('Enter');
      expect(await page.locator('#composer-input').inputValue()).toBe('What is LoRA?');
      expect(await page.locator('#messages .message.user').count()).toBe(1);

      server = await startServer(extractiveRuntime, { host: '127.0.0.1', port, logger });
      await banner.waitFor({ state: 'hidden', timeout: 30_000 });
      await waitUntilConnected(page);
      // The new server knows the session (it is kept in DATA_DIR): the page resumes it, with nothing to
      // say about a lost conversation, and the answer from before is still there.
      expect(await page.locator('#messages .system-note').count()).toBe(0);
      expect(await page.locator('#messages .message.user').count()).toBe(1);
      await page.locator('#send-button').click();
      expect(await lastAnswer(page, 'done').then((answer) => answer.locator('.answer-body').textContent())).toMatch(/LoRA/iu);
    } finally {
      await server.close(100);
    }
  });

  it('fits a 375px-wide phone screen without horizontal overflow, formulas and restorations included', async () => {
    const { page } = await openChat(extractive, { viewport: { width: 375, height: 740 } });
    expect(await horizontalOverflow(page)).toEqual([]);
    await ask(page, 'How is the softmax function applied in attention mechanisms?');
    const answer = await lastAnswer(page, 'done');
    // The restored softmax formula: marked as restored, rendered by KaTeX.
    const restored = answer.locator('.answer-body .restored');
    await restored.first().waitFor();
    expect(await restored.first().getAttribute('title')).toBe('Restored: not in the source copy');
    expect(await restored.first().locator('.katex').count()).toBeGreaterThan(0);
    expect(await answer.locator('.answer-body').textContent()).not.toContain('⟦');
    expect(await horizontalOverflow(page)).toEqual([]);

    await answer.locator('.answer-body button.cite').first().click();
    const panel = page.locator('#source-panel');
    await panel.locator('.record-question').first().waitFor();
    expect(await panel.locator('.record-answer .restored .katex').count()).toBeGreaterThanOrEqual(2);
    expect(await panel.locator('.restorations li').count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'chat-page-375.png') });
  });

  it('shows HTML in learner messages and answers as text: nothing is injected or run', async () => {
    const { page } = await openChat(slow);
    const hostileQuestion = '<img src=x onerror="window.__pwned=\'user-img\'"><script>window.__pwned=\'user-script\'</script> what is RAG?';
    await ask(page, hostileQuestion);
    await lastAnswer(page, 'done');
    await ask(page, 'How does beam search improve text generation?');
    const answer = await lastAnswer(page, 'done');

    expect(await page.locator('#messages img, #messages script, #messages iframe, #messages a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    // Shown literally, so the learner sees what was written.
    expect(await page.locator('#messages .message.user .bubble').first().textContent()).toBe(hostileQuestion);
    const body = (await answer.locator('.answer-body').textContent()) ?? '';
    expect(body).toContain('<img src=x onerror=');
    expect(body).toContain('<script>');
    expect(await answer.locator('.answer-body button.cite[data-qid="5"]').count()).toBe(1);
  });

  it('renders Markdown, formulas, restorations and citations safely (render-markdown in the page)', async () => {
    const { page } = await openChat(extractive);
    // A string, so that vitest does not rewrite the browser's dynamic import.
    await page.evaluate("import('/app/render-markdown.js').then((module) => { window.__renderMarkdown = module.renderMarkdown; })");
    const result = await page.evaluate(() => {
      const renderMarkdown = (window as unknown as { __renderMarkdown: (text: string) => DocumentFragment }).__renderMarkdown;
      const render = (text: string) => {
        const host = document.createElement('div');
        host.append(renderMarkdown(text));
        return host;
      };
      const prices = render('It costs $5 and $10.');
      const code = render('Use `$x$` and\n```\n$y$ [Q3]\n```');
      const chips = render('See [Q19][Q39] and ⟦$O(n^2)$⟧ time.');
      const hostile = render('<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![t](https://example.com/t.png) <b onclick=alert(1)>b</b>');
      const display = render('Softmax:\n⟦$\\mathrm{softmax}(x_i) = \\dfrac{e^{x_i}}{\\sum_j e^{x_j}}$⟧\nDone.');
      const list = render('RAG involves:\n- Retrieval\n- Generation\nRAG helps.');
      return {
        prices: [prices.textContent?.trim(), prices.querySelectorAll('.katex').length],
        code: [code.querySelectorAll('.katex').length, code.querySelectorAll('.cite').length, code.querySelector('pre')?.textContent],
        chips: [[...chips.querySelectorAll('button.cite')].map((chip) => chip.textContent), chips.querySelectorAll('.restored .katex').length, chips.textContent?.includes('⟦')],
        hostile: [hostile.querySelectorAll('img, b, [onclick]').length, hostile.querySelectorAll('a[href]').length, hostile.textContent],
        display: display.querySelectorAll('.restored .formula-display .katex-display').length,
        list: [list.querySelectorAll('li').length, list.querySelector('li:last-child')?.textContent, list.lastElementChild?.tagName],
      };
    });
    expect(result.prices).toEqual(['It costs $5 and $10.', 0]);
    expect(result.code).toEqual([0, 0, '$y$ [Q3]\n']);
    expect(result.chips).toEqual([['Q19', 'Q39'], 1, false]);
    expect(result.hostile[0]).toBe(0);
    expect(result.hostile[1]).toBe(0);
    expect(result.hostile[2]).toContain('<img src=x onerror=alert(1)>');
    expect(result.display).toBe(1);
    expect(result.list).toEqual([2, 'Generation', 'P']);
  });

  it('shows out-of-scope answers distinctly and errors inline, and the chat goes on', async () => {
    const { page } = await openChat(extractive);
    await ask(page, 'How do I bake bread?');
    const outOfScope = await lastAnswer(page, 'done');
    expect(await outOfScope.getAttribute('class')).toContain('out-of-scope');
    expect(await outOfScope.locator('.scope-badge').isVisible()).toBe(true);

    // Longer than the server allows: refused with an error shown in place of the answer.
    await page.locator('#composer-input').fill('why '.repeat(1500));
    await page.keyboard.press('Enter');
    const refused = await lastAnswer(page, 'error');
    expect(await refused.locator('.answer-end[role="alert"]').textContent()).toMatch(/too long/u);

    await ask(page, 'What are the steps in RAG?');
    const answer = await lastAnswer(page, 'done');
    await answer.locator('.answer-body button.cite[data-qid="36"]').waitFor();
    expect(await page.locator('#messages .message.assistant').count()).toBe(3);
  });

  it('says once, apart from the answer, that an answer was cut at the length limit', async () => {
    const { page } = await openChat(slow);
    await page.locator('#composer-input').fill('Give me an exhaustive account of the steps in RAG');
    await page.keyboard.press('Enter');
    const answer = await lastAnswer(page, 'done');
    await expect.poll(() => answer.locator('.notice').textContent()).toMatch(/length limit/u);
    expect(await answer.locator('.notice').isVisible()).toBe(true);
    expect(await answer.locator('.answer-body').textContent()).not.toMatch(/length limit/u);
    expect(await answer.locator('.answer-body button.cite[data-qid="36"]').count()).toBeGreaterThan(0);
  });

  it('runs a practice round: a question in a topic, the grade card, the progress grid, and "Ask the tutor" opens the chat', async () => {
    const { page, sent } = await openChat(extractive, { viewport: { width: 900, height: 1100 } });
    await page.locator('#tab-practice').click();
    await page.locator('#practice').waitFor({ state: 'visible' });
    expect(await page.locator('#composer').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#practice-topic option').count()).toBe(8);
    await page.locator('#practice-topic').selectOption('decoding');
    await page.locator('#practice-next').click();
    await expect.poll(() => page.locator('#practice-question').textContent()).toMatch(/beam search/iu);
    expect(sent.filter((message) => message['type'] === 'practice.next').at(-1)).toMatchObject({ topic: 'decoding', language: 'en' });

    await page.locator('#practice-answer').fill('Beam search keeps the k most probable partial sequences at each step instead of only the single best token, so it finds more coherent, more probable sentences than greedy decoding, at more compute.');
    await page.locator('#practice-submit').click();
    const card = page.locator('#practice-grade');
    await card.locator('.verdict').waitFor();
    expect(await card.locator('.verdict').textContent()).toMatch(/\d+%/u);
    // A passing offline grade says what it could and could not check.
    expect(await card.locator('.verdict').getAttribute('class')).not.toContain('verdict-missed');
    expect(await card.locator('.grader-note').textContent()).toMatch(/known wrong claims, not every claim/u);
    expect(await card.locator('.points li').count()).toBeGreaterThan(1);
    expect(await card.locator('.model-answer .cite-chip').textContent()).toBe('Q5');
    expect(await card.locator('.follow-up').textContent()).toMatch(/Follow-up: \S/u);
    await expect.poll(() => page.locator('#progress-summary').textContent()).toMatch(/^1 of 50 questions answered/u);
    expect(await page.locator('.progress-cell').count()).toBe(50);
    expect(await page.locator('.progress-cell[aria-label^="Q5,"]').getAttribute('class')).not.toContain('unseen');
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'practice.png'), fullPage: true });

    // Progress belongs to the browser's learner, not the tab's chat session: a second tab (a new
    // session, sharing localStorage) shows it, with the day's streak.
    const secondTab = await page.context().newPage();
    await secondTab.goto(page.url());
    await waitUntilConnected(secondTab);
    await secondTab.locator('#tab-practice').click();
    await expect.poll(() => secondTab.locator('#progress-summary').textContent()).toMatch(/^1 of 50 questions answered.*1-day streak/u);
    expect(await secondTab.evaluate(() => window.sessionStorage.getItem('tutor.session'))).not.toBe(await page.evaluate(() => window.sessionStorage.getItem('tutor.session')));
    await secondTab.close();

    // "Forget me", confirmed, empties the progress.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#practice-forget').click();
    await expect.poll(() => page.locator('#progress-summary').textContent()).toBe('No answers yet.');
    expect(sent.some((message) => message['type'] === 'practice.forget')).toBe(true);
    expect(await page.evaluate(() => window.localStorage.getItem('tutor.learner'))).toBeNull();

    await card.getByRole('button', { name: 'Ask the tutor about this' }).click();
    await page.locator('#chat').waitFor({ state: 'visible' });
    const answer = await lastAnswer(page, 'done');
    expect(await answer.locator('.answer-body button.cite[data-qid="5"]').count()).toBeGreaterThan(0);
  });

  it('offers the closest questions of an uncovered one, and asks one with a click', async () => {
    const { page } = await openChat(extractive);
    await ask(page, 'What is a Boltzmann machine?');
    const refused = await lastAnswer(page, 'done');
    expect(await refused.getAttribute('class')).toContain('out-of-scope');
    const suggestion = refused.locator('.suggestions li').first();
    const suggested = await suggestion.locator('.source-en').textContent();
    await suggestion.locator('button.suggest').click();
    const followed = await lastAnswer(page, 'done');
    expect(await page.locator('#messages .message.user').last().textContent()).toContain(suggested ?? '?');
    expect(await followed.getAttribute('class')).not.toContain('out-of-scope');
    expect(await followed.locator('.answer-body button.cite').count()).toBeGreaterThan(0);
  });

  it('copies an answer, and "New chat" clears the conversation on the page and on the server', async () => {
    const watch = await openChat(extractive);
    const { page, sent } = watch;
    await watch.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: extractive.url });
    await ask(page, 'What are the steps in RAG?');
    const answer = await lastAnswer(page, 'done');
    await answer.locator('button.copy').click();
    await page.waitForFunction(() => document.querySelector('#messages button.copy')?.textContent === 'Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('[Q36]');
    expect(copied).toContain('- Retrieval');
    // Without the Clipboard API (plain http on a LAN address), the execCommand fallback copies.
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
      document.getElementById('announcer')!.textContent = '';
    });
    await answer.locator('button.copy').click();
    await page.waitForFunction(() => document.getElementById('announcer')?.textContent === 'Answer copied to the clipboard.');

    await page.locator('#new-chat').click();
    expect(await page.locator('#messages > *').count()).toBe(0);
    expect(await page.locator('#empty-state').isVisible()).toBe(true);
    expect(sent.at(-1)).toEqual({ type: 'reset' });
    // The server forgot the history too: a reload shows an empty chat.
    await page.waitForFunction(() => document.body.dataset['connection'] === 'ready');
    await page.reload();
    await waitUntilConnected(page);
    expect(await page.locator('#messages > *').count()).toBe(0);
  });

  it('works with the keyboard alone: Tab reaches every control, Enter sends, Shift+Enter breaks the line', async () => {
    const { page, sent } = await openChat(extractive);
    const reached: string[] = [];
    for (let step = 0; step < 12; step += 1) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        // Past the last control focus leaves the page (body) before it wraps around.
        if (element === document.body) return 'body';
        // Focus must be visible: the outline the stylesheet draws for :focus-visible.
        const outline = getComputedStyle(element).outlineStyle;
        return `${element.id || element.className}${outline === 'none' ? ' (no outline)' : ''}`;
      }));
    }
    for (const control of ['tab-chat', 'tab-practice', 'new-chat', 'example', 'composer-input', 'eli5-toggle', 'send-button']) expect(reached).toContain(control);
    expect(reached.filter((entry) => entry.endsWith('(no outline)'))).toEqual([]);
    expect(reached.slice(0, 10)).toEqual(['skip-link', 'tab-chat', 'tab-practice', 'new-chat', 'example', 'example', 'example', 'composer-input', 'eli5-toggle', 'send-button']);

    await page.locator('#composer-input').focus();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('What are the steps in RAG?');
    expect(await page.locator('#composer-input').inputValue()).toBe('first line\nWhat are the steps in RAG?');
    expect(sent.filter((message) => message['type'] === 'ask')).toEqual([]);
    await page.keyboard.press('Enter');
    const answer = await lastAnswer(page, 'done');
    expect(await page.locator('#composer-input').inputValue()).toBe('');

    // Tab from the message box backwards into the answer reaches its citation chip; Enter opens the panel.
    await answer.locator('.answer-body button.cite').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#source-panel .record-question').first().waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('source-panel') as HTMLDialogElement).open);
    expect(await page.locator('#messages').getAttribute('aria-live')).toBe('polite');
  });
});

async function waitUntilConnected(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset['connection'] === 'ready', undefined, { timeout: 30_000 });
}

async function ask(page: Page, text: string): Promise<void> {
  await page.locator('#composer-input').fill(text);
  await page.locator('#send-button').click();
}

/** Waits until the newest answer is in `state`, and returns it. */
async function lastAnswer(page: Page, state: 'done' | 'stopped' | 'error') {
  await page.waitForFunction(
    (expected) => [...document.querySelectorAll('#messages .message.assistant')].at(-1)?.getAttribute('data-state') === expected,
    state,
    { timeout: 30_000 },
  );
  return page.locator('#messages .message.assistant').last();
}

/**
 * Elements that stick out of the viewport on the right, except inside a container that clips or scrolls
 * them (a wide formula or code block scrolls inside its message, which is fine).
 */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders: string[] = [];
    if (document.documentElement.scrollWidth > width) offenders.push(`document is ${document.documentElement.scrollWidth}px wide`);
    for (const element of document.querySelectorAll('body *')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= width + 1) continue;
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflowX = getComputedStyle(parent).overflowX;
        if (overflowX !== 'visible' && parent.getBoundingClientRect().right <= width + 1) {
          clipped = true;
          break;
        }
      }
      if (!clipped && !element.closest('.visually-hidden')) offenders.push(`${element.tagName.toLowerCase()}.${element.className} right=${Math.round(rect.right)}`);
    }
    return offenders;
  });
}
