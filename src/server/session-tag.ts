import { createHash } from 'node:crypto';

/**
 * What logs say instead of a session id: a short hash that ties a session's lines together without
 * handing the id to whoever reads the log.
 */
export function sessionTag(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex').slice(0, 12);
}
