/**
 * Removes every occurrence of a marker from a stream of text deltas, holding back a delta's end while
 * it may be the start of a marker split across deltas ("…[[NOT_" + "IN_BANK]]").
 */
export class MarkerFilter {
  private readonly marker: string;
  private held = '';

  constructor(marker: string) {
    this.marker = marker;
  }

  /** Feeds a delta; returns the text that can be shown now. */
  push(delta: string): string {
    const text = (this.held + delta).replaceAll(this.marker, '');
    for (let length = Math.min(this.marker.length - 1, text.length); length > 0; length -= 1) {
      if (this.marker.startsWith(text.slice(-length))) {
        this.held = text.slice(-length);
        return text.slice(0, -length);
      }
    }
    this.held = '';
    return text;
  }

  /** Ends the stream; returns what was held back (it was not a marker after all). */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}
