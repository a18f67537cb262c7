import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new resume token (256 random bits, URL-safe) and the hash the store keeps instead of it. */
export function createResumeToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashResumeToken(token) };
}

/** The stored form of a token: its SHA-256, so a dump of the store gives no way back in. */
export function hashResumeToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether a token is the one whose hash was stored, compared in constant time. */
export function resumeTokenMatches(token: string, storedHash: Buffer): boolean {
  const candidate = hashResumeToken(token);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}
