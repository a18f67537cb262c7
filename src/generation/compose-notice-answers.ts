import type { CorpusRecord, Language } from '../ingest/index.js';

/**
 * The answer for a question the bank does not cover: says so, and names the closest questions it
 * does cover (without citing them, since nothing rests on them).
 */
export function composeOutOfScopeAnswer(closest: readonly CorpusRecord[], language: Language): string {
  const list = closest.map((record) => `- Q${record.id}: ${record.question[language]}`).join('\n');
  if (language === 'zh') {
    return closest.length > 0
      ? `题库没有涵盖这个问题，所以我不会凭空作答。题库中最接近的问题是：\n${list}`
      : '题库没有涵盖这个问题，所以我不会凭空作答。可以问我关于大模型面试的问题，例如“RAG 的步骤是什么？”';
  }
  return closest.length > 0
    ? `The interview bank does not cover that question, so I won't guess. The closest questions it does cover are:\n${list}`
    : 'The interview bank does not cover that question, so I won\'t guess. Ask me about LLM interview topics, for example "What are the steps in RAG?"';
}

/** The refusal for an attempt to change the tutor's rules or read its instructions. */
export function composeRefusal(language: Language): string {
  return language === 'zh'
    ? '抱歉，我不能这样做：我只根据面试题库回答大模型面试问题，也不会透露我的指令。你可以问我，例如“RAG 的步骤是什么？”'
    : 'Sorry, I can\'t do that: I only answer LLM interview questions from the question bank, and I don\'t share my instructions. You could ask, for example, "What are the steps in RAG?"';
}

/** Said after an extractive answer when the LLM server could not be used. */
export function composeLlmUnavailableNotice(language: Language): string {
  return language === 'zh'
    ? '（语言模型暂时不可用，以上答案直接摘自题库。）'
    : '(The language model is unavailable right now; this answer is taken directly from the bank.)';
}

/**
 * Said under an answer the model did not finish: cut at the length limit (`LLM_MAX_TOKENS`), or
 * stopped by the server's content filter. Undefined for an answer that ended normally.
 */
export function composeUnfinishedNotice(language: Language, reason: 'length' | 'content-filter'): string {
  if (reason === 'length') {
    return language === 'zh'
      ? '（回答达到长度上限，在此截断。可以追问“继续”，或让它说得更简短。）'
      : '(The answer reached the length limit and was cut here. Ask to continue, or for a shorter answer.)';
  }
  return language === 'zh' ? '（语言模型服务的内容过滤器中止了这个回答。）' : "(The language model server's content filter stopped this answer.)";
}

/** Said before an answer from the closest question in the bank, which is related but not the same. */
export function composeClosestLead(record: CorpusRecord, language: Language): string {
  return language === 'zh'
    ? `题库里没有完全对应这个问题的题目；最接近的是 Q${record.id}：“${record.question.zh}” 以下是它的答案：\n\n`
    : `The bank has no question on exactly this; the closest is Q${record.id}: "${record.question.en}" Here is its answer:\n\n`;
}

/**
 * The answer to a follow-up that has nothing to follow ("Can you give me an example?" as the first
 * message): asks what it refers to instead of answering some record.
 */
export function composeClarification(language: Language): string {
  return language === 'zh'
    ? '你指的是哪个话题？这是我们对话的开头，请告诉我你想了解的问题，例如“什么是 RAG？”，然后我可以举例或用更简单的话解释。'
    : 'Which topic do you mean? This is the start of our chat: tell me what you would like to know, for example "What is RAG?", and I can then give an example or explain it more simply.';
}
