/**
 * Guards the websocket upgrade against cross-site websocket hijacking: a browser always sends
 * `Origin`, and only the page's own origin (same host) or an allow-listed one may connect. Clients
 * without an `Origin` header are not browsers (curl, scripts) and cannot carry a victim's cookies.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes('*') || allowedOrigins.includes(origin.replace(/\/+$/u, ''))) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
