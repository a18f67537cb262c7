/** A group of the bank's questions that an interview round can stay within. */
export interface Topic {
  id: string;
  name: { en: string; zh: string };
  recordIds: readonly number[];
}

/**
 * The 50 records in seven topics (every record in exactly one; a test checks it). The grouping is
 * by what an interviewer would ask in one breath, not by the bank's order.
 */
export const topics: readonly Topic[] = [
  { id: 'tokens-embeddings', name: { en: 'Tokens and embeddings', zh: '词元与嵌入' }, recordIds: [1, 3, 10, 16, 26, 42] },
  { id: 'attention-transformers', name: { en: 'Attention and transformers', zh: '注意力与 Transformer' }, recordIds: [2, 8, 17, 21, 22, 23, 24, 32, 43, 46] },
  { id: 'training-fine-tuning', name: { en: 'Training and fine-tuning', zh: '训练与微调' }, recordIds: [4, 7, 9, 11, 14, 15, 18, 35, 37, 48] },
  { id: 'decoding', name: { en: 'Decoding', zh: '解码' }, recordIds: [5, 6, 12] },
  { id: 'maths', name: { en: 'Maths', zh: '数学基础' }, recordIds: [25, 27, 28, 29, 30, 31] },
  { id: 'prompting-rag', name: { en: 'Prompting and RAG', zh: '提示与 RAG' }, recordIds: [13, 36, 38, 40, 41, 44] },
  { id: 'models-deployment', name: { en: 'Models and deployment', zh: '模型与部署' }, recordIds: [19, 20, 33, 34, 39, 45, 47, 49, 50] },
];
