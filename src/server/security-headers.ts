import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers for every response (helmet), with a content-security policy the chat page passes:
 * scripts, styles and fonts only from the tutor itself (KaTeX fonts are served from /vendor/katex),
 * connections only back to it (the websocket included), no framing.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}
