import { CorpusError } from '../errors/index.js';
import { containsChinese } from '../text/index.js';
import type { CorpusRecord } from './corpus-record.js';

const englishQuestionLine = /^Question\s+(\d+)\s*[:：]\s*(.*)$/u;
const chineseQuestionLine = /^问\s*(\d+)\s*[:：]\s*(.*)$/u;

/** What the parser found besides the records. */
export interface ParsedCorpus {
  records: CorpusRecord[];
  /** Lines after the last answer that belong to no record (the document's promotional tail). */
  excludedTrailingLines: number;
}

interface RecordDraft {
  id: number;
  line: number;
  englishQuestion: string;
  chineseQuestion: string;
  answerLines: { text: string; line: number }[];
}

/**
 * Parses the bilingual bank: each record is a `Question N:` line, a `问N:` line, the English
 * answer lines, then the Chinese answer lines (the first line with Chinese characters starts them).
 * Bullet lines are kept as they are. Text after the last record's Chinese answer that goes beyond the
 * length of its English answer is the document's tail and is excluded: translations keep the line
 * structure of their English original, so the Chinese answer is never longer than the English one.
 * @throws CorpusError naming the line of a question without an answer, a duplicate or missing number,
 * or a missing language.
 */
export function parseCorpus(text: string, sourcePath: string): ParsedCorpus {
  const lines = text.split(/\r?\n/u);
  const drafts: RecordDraft[] = [];
  const seen = new Map<number, number>();

  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = (lines[index] ?? '').trim();
    const englishMatch = englishQuestionLine.exec(line);
    if (englishMatch) {
      const id = Number(englishMatch[1]);
      const englishQuestion = (englishMatch[2] ?? '').trim();
      if (englishQuestion === '') throw new CorpusError(sourcePath, lineNumber, `Question ${id} has no text`);
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        throw new CorpusError(sourcePath, lineNumber, `duplicate question number ${id} (first seen on line ${earlier})`);
      }
      const expectedId = drafts.length + 1;
      if (id !== expectedId) {
        throw new CorpusError(sourcePath, lineNumber, `question number ${id} is out of sequence: expected ${expectedId}`);
      }
      seen.set(id, lineNumber);
      const chineseIndex = nextNonEmptyLine(lines, index + 1);
      const chineseMatch = chineseIndex === -1 ? null : chineseQuestionLine.exec((lines[chineseIndex] ?? '').trim());
      if (!chineseMatch || Number(chineseMatch[1]) !== id || (chineseMatch[2] ?? '').trim() === '') {
        throw new CorpusError(sourcePath, lineNumber, `Question ${id} has no Chinese question: expected "问${id}:" on the next line`);
      }
      drafts.push({ id, line: lineNumber, englishQuestion, chineseQuestion: (chineseMatch[2] ?? '').trim(), answerLines: [] });
      index = chineseIndex;
      continue;
    }
    if (chineseQuestionLine.test(line)) {
      throw new CorpusError(sourcePath, lineNumber, 'Chinese question without an English "Question N:" line before it');
    }
    const current = drafts.at(-1);
    if (current && line !== '') current.answerLines.push({ text: line, line: lineNumber });
  }

  if (drafts.length === 0) throw new CorpusError(sourcePath, 1, 'no "Question N:" lines found');

  let excludedTrailingLines = 0;
  const records = drafts.map((draft, position): CorpusRecord => {
    const firstChinese = draft.answerLines.findIndex((answerLine) => containsChinese(answerLine.text));
    const englishLines = firstChinese === -1 ? draft.answerLines : draft.answerLines.slice(0, firstChinese);
    let chineseLines = firstChinese === -1 ? [] : draft.answerLines.slice(firstChinese);
    if (englishLines.length === 0) {
      throw new CorpusError(sourcePath, draft.line, `Question ${draft.id} has no English answer`);
    }
    if (chineseLines.length === 0) {
      throw new CorpusError(sourcePath, draft.line, `Question ${draft.id} has no Chinese answer`);
    }
    if (position === drafts.length - 1 && chineseLines.length > englishLines.length) {
      excludedTrailingLines = chineseLines.length - englishLines.length;
      chineseLines = chineseLines.slice(0, englishLines.length);
    }
    return {
      id: draft.id,
      question: { en: draft.englishQuestion, zh: draft.chineseQuestion },
      answer: {
        en: englishLines.map((answerLine) => answerLine.text).join('\n'),
        zh: chineseLines.map((answerLine) => answerLine.text).join('\n'),
      },
      restorations: [],
    };
  });
  return { records, excludedTrailingLines };
}

function nextNonEmptyLine(lines: readonly string[], start: number): number {
  for (let index = start; index < lines.length; index += 1) {
    if ((lines[index] ?? '').trim() !== '') return index;
  }
  return -1;
}
