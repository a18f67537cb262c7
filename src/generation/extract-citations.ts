/** The record ids an answer cites ([Q36], or a run such as [Q19, Q39]), in order of first appearance. */
export function extractCitations(text: string): number[] {
  const ids: number[] = [];
  for (const match of text.matchAll(/\[(Q\d{1,3}(?:\s*[,，]\s*Q?\d{1,3})*)\]/gu)) {
    for (const part of (match[1] ?? '').split(/[,，]/u)) {
      const id = Number(part.trim().replace(/^Q/u, ''));
      if (Number.isInteger(id) && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
