/**
 * Removes citations of records that were not retrieved from a stream of text deltas. A citation may
 * arrive split over deltas ("[Q", "3", "6]"), so text from an unclosed "[" is held back until it is
 * clearly a citation, clearly not one, or the stream ends.
 */
export class CitationFilter {
  private readonly allowed: ReadonlySet<number>;
  private pending = '';
  /** Whitespace at the end of the shown text, held back so that it can go with a removed citation. */
  private heldSpace = '';
  private readonly kept: number[] = [];

  constructor(allowed: Iterable<number>) {
    this.allowed = new Set(allowed);
  }

  /** The allowed records cited so far, in order of first citation. */
  get citations(): readonly number[] {
    return this.kept;
  }

  /** Feeds a delta; returns the text that can be shown now. */
  push(delta: string): string {
    return this.holdTrailingSpace(this.process(delta));
  }

  /** Ends the stream; returns whatever was held back. */
  flush(): string {
    const rest = this.heldSpace + this.pending;
    this.pending = '';
    this.heldSpace = '';
    return rest;
  }

  private holdTrailingSpace(text: string): string {
    const combined = this.heldSpace + text;
    const trimmed = combined.replace(/[ \t]+$/u, '');
    this.heldSpace = combined.slice(trimmed.length);
    return trimmed;
  }

  private process(delta: string): string {
    this.pending += delta;
    let output = '';
    for (;;) {
      const open = this.pending.indexOf('[');
      if (open === -1) {
        output += this.pending;
        this.pending = '';
        return output;
      }
      output += this.pending.slice(0, open);
      this.pending = this.pending.slice(open);
      const close = this.pending.indexOf(']');
      if (close === -1) {
        // Still possibly a citation: keep holding unless it can no longer become one.
        if (/^\[(?:Q\d{0,3}(?:\s*[,，]\s*Q?\d{0,3})*)?$/u.test(this.pending) && this.pending.length <= 40) return output;
        output += this.pending[0] ?? '';
        this.pending = this.pending.slice(1);
        continue;
      }
      const candidate = this.pending.slice(0, close + 1);
      this.pending = this.pending.slice(close + 1);
      const rewritten = this.rewrite(candidate);
      if (rewritten === '') {
        // A removed citation takes the space before it along: "see [Q99]." reads "see.".
        if (output.trim() === '') this.heldSpace = '';
        output = output.replace(/[ \t]+$/u, '');
      }
      output += rewritten;
    }
  }

  private rewrite(candidate: string): string {
    const match = /^\[(Q\d{1,3}(?:\s*[,，]\s*Q?\d{1,3})*)\]$/u.exec(candidate);
    if (!match) return candidate;
    const ids = (match[1] ?? '').split(/[,，]/u).map((part) => Number(part.trim().replace(/^Q/u, '')));
    const allowedIds = ids.filter((id) => this.allowed.has(id));
    for (const id of allowedIds) if (!this.kept.includes(id)) this.kept.push(id);
    return allowedIds.map((id) => `[Q${id}]`).join('');
  }
}
