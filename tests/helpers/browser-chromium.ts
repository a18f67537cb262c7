import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const chromiumExecutable = '/usr/bin/chromium';

/** Whether the browser tests can run here. */
export function chromiumAvailable(): boolean {
  return existsSync(chromiumExecutable);
}

/**
 * Launches headless Chromium. `chromium.launch` gives every launch a fresh temporary user-data dir
 * (removed on close), and each test opens its own context, so no storage leaks between tests.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    timeout: 60_000,
  });
}

/** What a page did that a test should know about. */
export interface PageWatch {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors of the page. */
  errors: string[];
  /** Client → server websocket messages, parsed. */
  sent: Array<Record<string, unknown>>;
  /** Server → client websocket messages, parsed. */
  received: Array<Record<string, unknown>>;
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
}

/**
 * Opens a page in a new context, recording page errors, websocket frames sent and CSP violations.
 * @param expectedConsoleErrors console errors a test provokes on purpose (e.g. a refused websocket)
 */
export async function openWatchedPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; expectedConsoleErrors?: RegExp } = {},
): Promise<PageWatch> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 860 } });
  await context.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const sent: Array<Record<string, unknown>> = [];
  const received: Array<Record<string, unknown>> = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !options.expectedConsoleErrors?.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      if (typeof frame.payload === 'string') sent.push(JSON.parse(frame.payload) as Record<string, unknown>);
    });
    socket.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string') received.push(JSON.parse(frame.payload) as Record<string, unknown>);
    });
  });
  return {
    page,
    context,
    errors,
    sent,
    received,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}
