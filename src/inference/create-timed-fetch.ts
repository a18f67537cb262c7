/** A remote server went silent for longer than allowed: no response, or no data in the middle of a download. */
export class RemoteTimeoutError extends Error {
  readonly url: string;
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
    this.name = 'RemoteTimeoutError';
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Wraps `fetch` so that a silent server fails with RemoteTimeoutError instead of hanging: the bound
 * applies to waiting for the response and then to each pause between chunks of its body, not to the
 * whole download, so a large model on a slow but working connection still arrives.
 */
export function createTimedFetch(fetchFunction: typeof fetch, timeoutMs: number): typeof fetch {
  const timedFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const controller = new AbortController();
    const expire = () => controller.abort(new RemoteTimeoutError(url, timeoutMs));
    let timer = setTimeout(expire, timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;

    let response: Response;
    try {
      response = await fetchFunction(input, { ...init, signal });
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
    if (!response.body) return response;

    // Unreferenced: a body nobody reads (an error page) must not keep the thread alive.
    timer = setTimeout(expire, timeoutMs).unref();
    const watchdog = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, streamController) {
        timer.refresh();
        streamController.enqueue(chunk);
      },
      flush() {
        clearTimeout(timer);
      },
    });
    const body = response.body.pipeThrough(watchdog);
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return timedFetch as typeof fetch;
}
