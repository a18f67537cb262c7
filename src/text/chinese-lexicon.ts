import type { Lexicon } from './lexicon.js';

/**
 * The Chinese words the tutor reads specially (Simplified: Traditional text is converted before it
 * is read). Text is cut into words first; a word that is a stop word is dropped, so "什么是上下文窗口"
 * yields 上下文 and 窗口 only.
 */
export const chineseLexicon: Lexicon = {
  language: 'zh',
  stopwords: new Set([
    '能举个例子', '举个例子', '举例说明', '举例', '例子', '实例', '比如说', '案例', '请问', '什么是', '是什么', '为什么', '怎么样', '怎么', '怎样', '如何', '有什么', '有何', '哪些', '哪个', '什么',
    '能不能', '可不可以', '可以', '能否', '一下', '一些', '请', '吗', '呢', '吧', '啊', '的', '了', '和', '与', '及', '或',
    '是', '在', '对', '把', '被', '给', '我', '你', '它', '他', '她', '们', '这', '那', '个', '中', '里', '有', '用',
    '解释', '介绍', '讲讲', '说说', '告诉', '作用', '区别', '不同', '关系', '问题', '含义', '意思', '主要',
    '面试官', '面试', '回答', '该怎么',
    '干嘛', '干什么', '做什么', '是干什么的', '啥', '为啥', '咋', '咋回事', '怎么回事', '到底', '是不是', '有没有', '多少',
    // The words jieba cuts the longer phrases above into.
    '能', '举', '何', '不能', '说', '该', '做', '回事',
  ]),
  generalWords: new Set(['实际', '真实', '哪里', '哪儿', '地方', '一般', '通常', '比较', '东西', '时候', '情况', '方面', '可能', '需要', '应该', '具体', '简单', '知道', '理解']),
  exampleRequests: ['例子', '举例', '举个', '实例', '比如说', '案例'],
  exampleMarkers: ['例如', '比如', '譬如'],
  references: ['它', '它们', '这个', '那个', '这种', '那种', '这些', '那些', '其中', '上面', '刚才', '前者', '后者'],
  comparisons: ['区别', '不同', '相比', '比较', '差别', '差异', '对比', '不一样'],
  continuations: ['再', '还有', '那么', '那', '呢'],
  connectives: new Set(['和', '与', '及', '的']),
  answerShapeWords: ['例子', '举例', '详细', '具体', '简单', '再说', '展开', '多说'],
};
