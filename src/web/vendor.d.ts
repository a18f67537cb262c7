/**
 * Types for the libraries the page imports by URL from `/vendor/` (the server maps those URLs to files
 * in node_modules; see create-app.ts): each URL module is the npm package's own types.
 * The leading `*` is there because TypeScript refuses an ambient module name starting with `/`.
 */

declare module '*/vendor/marked.esm.js' {
  export * from 'marked';
}

declare module '*/vendor/purify.es.mjs' {
  export { default } from 'dompurify';
}

declare module '*/vendor/katex/katex.mjs' {
  export { default } from 'katex';
}
