/**
 * Tokenizer files in the form the real models ship (XLM-RoBERTa's SentencePiece Unigram, `▁` marking a
 * word start), with the real vocabulary size, for the random-weight graphs of real-shape-graph.ts.
 * The pieces are the bank's own words and Chinese characters and pairs, so its texts cut into about
 * as many tokens as the real tokenizer cuts them: what the models' latency depends on.
 */
export function buildUnigramTokenizerFiles(texts: readonly string[], vocabularySize: number, maxLength: number): Record<string, string> {
  const specials = ['<s>', '<pad>', '</s>', '<unk>'];
  const pieces = new Map<string, number>();
  const addPiece = (piece: string, score: number) => {
    if (!pieces.has(piece) && pieces.size + specials.length + 1 < vocabularySize) pieces.set(piece, score);
  };
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.match(/[A-Za-z0-9]+/gu) ?? []) words.set(word, (words.get(word) ?? 0) + 1);
    for (const run of text.match(/[\u4e00-\u9fff]+/gu) ?? []) {
      for (let index = 0; index + 1 < run.length; index += 1) {
        const pair = run.slice(index, index + 2);
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
    }
  }
  for (const [word] of [...words].sort((left, right) => right[1] - left[1])) {
    addPiece(`▁${word}`, -9);
    addPiece(`▁${word.toLowerCase()}`, -9);
  }
  for (const [pair, count] of pairs) if (count >= 3) addPiece(pair, -10);
  for (const text of texts) for (const character of text.match(/[\u4e00-\u9fff]/gu) ?? []) addPiece(character, -11);
  for (const character of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') {
    addPiece(`▁${character}`, -12);
    addPiece(character, -13);
  }
  for (const character of '.,:;!?\'"()[]{}-_/+*=<>%&#@$，。：；！？（）、“”') {
    addPiece(character, -12);
    addPiece(`▁${character}`, -12);
  }
  addPiece('▁', -14);
  // The rest of the real vocabulary: pieces no text here contains, so they cost the lookup tables, not the cuts.
  for (let index = 0; pieces.size + specials.length + 1 < vocabularySize; index += 1) addPiece(`▁⟪${index.toString(36)}⟫`, -20);

  const vocab: [string, number][] = [...specials.map((special): [string, number] => [special, 0]), ...pieces, ['<mask>', 0]];
  const id = (token: string) => vocab.findIndex(([piece]) => piece === token);
  const special = (token: string, typeId = 0) => ({ SpecialToken: { id: token, type_id: typeId } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...specials, '<mask>'].map((content) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'NFKC' },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('<s>'), { Sequence: { id: 'A', type_id: 0 } }, special('</s>')],
      // RoBERTa's pair template: <s> A </s></s> B </s>.
      pair: [special('<s>'), { Sequence: { id: 'A', type_id: 0 } }, special('</s>'), special('</s>'), { Sequence: { id: 'B', type_id: 0 } }, special('</s>')],
      special_tokens: Object.fromEntries(['<s>', '</s>'].map((token) => [token, { id: token, ids: [id(token)], tokens: [token] }])),
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: id('<unk>'), vocab, byte_fallback: false },
  };
  const config = {
    tokenizer_class: 'XLMRobertaTokenizer',
    model_max_length: maxLength,
    bos_token: '<s>',
    eos_token: '</s>',
    cls_token: '<s>',
    sep_token: '</s>',
    pad_token: '<pad>',
    unk_token: '<unk>',
    mask_token: '<mask>',
  };
  return { 'tokenizer.json': JSON.stringify(tokenizer), 'tokenizer_config.json': JSON.stringify(config) };
}
