/**
 * Acronyms of the field that the bank uses without spelling out (or spells out without the acronym).
 * Those the bank defines itself are found in the corpus by `buildGlossary`; this list adds the rest.
 * Acronyms of phrases the bank uses everywhere ("LM" for language model) are left out: mapping them
 * would make every record match.
 */
export const standardAcronyms: readonly { acronym: string; longForm: string }[] = [
  { acronym: 'KL', longForm: 'Kullback-Leibler' },
  { acronym: 'ReLU', longForm: 'rectified linear unit' },
  { acronym: 'PCA', longForm: 'principal component analysis' },
  { acronym: 'NLP', longForm: 'natural language processing' },
  { acronym: 'RNN', longForm: 'recurrent neural network' },
  { acronym: 'CNN', longForm: 'convolutional neural network' },
  { acronym: 'GPT', longForm: 'generative pre-trained transformer' },
  { acronym: 'BERT', longForm: 'bidirectional encoder representations from transformers' },
  { acronym: 'SGD', longForm: 'stochastic gradient descent' },
  { acronym: 'EWC', longForm: 'elastic weight consolidation' },
  { acronym: 'KG', longForm: 'knowledge graph' },
  { acronym: 'ICL', longForm: 'in-context learning' },
  { acronym: 'MHA', longForm: 'multi-head attention' },
  { acronym: 'QKV', longForm: 'query key value' },
  { acronym: 'CE', longForm: 'cross-entropy' },
  { acronym: 'QA', longForm: 'question answering' },
  { acronym: 'MT', longForm: 'machine translation' },
  { acronym: 'FT', longForm: 'fine-tuning' },
];
