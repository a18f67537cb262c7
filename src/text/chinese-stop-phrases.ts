/**
 * Chinese phrasing of questions and particles. They split Chinese runs before bigrams are made,
 * so that "什么是上下文窗口" yields the bigrams of 上下文窗口 only.
 * Longer phrases come first so that they win over their parts.
 */
export const chineseStopPhrases: readonly string[] = [
  '能举个例子', '举个例子', '举例说明', '举例', '例子', '请问', '什么是', '是什么', '为什么', '怎么样', '怎么', '怎样', '如何', '有什么', '有何', '哪些', '哪个', '什么',
  '能不能', '可不可以', '可以', '能否', '一下', '一些', '请', '吗', '呢', '吧', '啊', '的', '了', '和', '与', '及', '或',
  '是', '在', '对', '把', '被', '给', '我', '你', '它', '他', '她', '们', '这', '那', '个', '中', '里', '有', '用',
  '解释', '介绍', '讲讲', '说说', '告诉', '作用', '区别', '不同', '关系', '问题', '含义', '意思', '主要',
].sort((left, right) => right.length - left.length);
