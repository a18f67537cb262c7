/** Whether the learner asked for a newcomer's explanation, and the question without those words. */
export interface ExplainRequest {
  eli5: boolean;
  /** The text with the request words removed, for retrieval. */
  query: string;
}

// Each pattern covers the whole request phrase, verbs included, so that what is left is the topic.
const requestPatterns: readonly RegExp[] = [
  /\b(?:can|could|would) you\s+(?:please\s+)?(?:explain|describe|tell me about|put)\b[^.?!:：]{0,40}?\b(?:like|as if|as though)\s+(?:i'?m|i am|i was|i were)\s+(?:new|a (?:beginner|newbie|novice|newcomer|child|kid)|five|5|new to (?:this|it|ai|ml|llms?|the field))\b/giu,
  /\b(?:please\s+)?(?:explain|describe|tell me|teach me)?\s*(?:it|this|that)?\s*(?:to me\s+)?(?:like|as if|as though)\s+(?:i'?m|i am|i was|i were)\s+(?:new|a (?:beginner|newbie|novice|newcomer|child|kid)|five|5|new to (?:this|it|ai|ml|llms?|the field))\b/giu,
  /\beli5\b:?/giu,
  /\b(?:i'?m|i am)\s+(?:a\s+|an\s+|totally\s+|completely\s+)?(?:beginner|newbie|novice|newcomer|new to (?:this|it|ai|ml|llms?|the field|machine learning))\b[,.;:]?/giu,
  /\b(?:(?:please\s+)?(?:explain|describe|say)\s+(?:it|this|that)?\s*)?(?:in|using)\s+(?:very\s+)?(?:simple|simpler|simplest|plain|everyday|layman'?s?|easy|beginner'?s?|non-technical)\s+(?:terms|words|english|language)\b/giu,
  /\bfor (?:a |an )?(?:complete |total )?(?:beginner|beginners|newbie|newbies|novice|novices|newcomer|newcomers|dummies|layperson|layman|five[- ]year[- ]old)\b/giu,
  /\b(?:dumb|break)\s+it\s+down\b/giu,
  /(?:请)?(?:你)?(?:能不能|可以|能否|能)?(?:用|以)(?:最|更|很|非常)?(?:简单|通俗|浅显|易懂|白话|大白话|通俗易懂|新手能听懂|小白能听懂|初学者能听懂|外行能听懂)(?:易懂)?(?:一点|一些|点)?(?:的|地)?(?:话|语言|方式|语句|词)(?:来)?(?:给我)?(?:解释|讲解|讲讲|说说|讲|说|介绍|说明)?(?:一下|下)?/gu,
  /(?:请)?(?:通俗|浅显|通俗易懂|大白话|白话)(?:地|一点|点)?(?:解释|讲解|讲讲|说说|讲|说|介绍|说明)(?:一下|下)?/gu,
  /说人话/gu,
  // "能简单点吗", "再通俗一点": asking for the same thing, simpler.
  /(?:能不能|可以|能否|能)?(?:再|说得|讲得)?(?:简单|通俗|浅显|易懂)(?:一)?(?:点|些)(?:吗|呢|吧)?/gu,
  /\b(?:(?:can|could) you\s+)?(?:(?:make|put|say|explain)\s+(?:it|this|that)\s+)?(?:simpler|more simply)\b(?:\s+please)?/giu,
  /(?:请)?(?:像|当作|当成|就像)(?:是)?(?:给|对|在给|在对)?(?:一个)?(?:新手|小白|初学者|外行|小孩|孩子|五岁小孩)(?:一样|那样)?(?:讲|解释|说|介绍)?(?:一样|那样)?(?:地)?(?:解释|讲解|讲讲|说说|讲|说)?(?:一下)?/gu,
  /(?:我是|作为)(?:一个|一名)?(?:新手|小白|初学者|外行)[，,。]?/gu,
  /(?:给|对|为)(?:一个)?(?:新手|小白|初学者|外行)(?:解释|讲解|讲|说|介绍)(?:一下)?/gu,
];

/**
 * Finds "explain like I'm new" requests in English and Chinese ("ELI5", "I'm a beginner",
 * "in simple terms", "像给新手讲一样", "用最简单的话") and removes them from the retrieval query,
 * since they say how to answer, not what about.
 */
export function detectExplainRequest(text: string): ExplainRequest {
  let query = text;
  let eli5 = false;
  for (const pattern of requestPatterns) {
    query = query.replace(pattern, (match) => {
      if (match.trim() === '') return match;
      eli5 = true;
      return ' ';
    });
  }
  if (!eli5) return { eli5: false, query: text.trim() };
  const cleaned = query
    .replace(/\s+/gu, ' ')
    .replace(/^[\s,.;:：，。；!！?？-]+/u, '')
    .replace(/\s+([,.;:?!])/gu, '$1')
    .trim();
  return { eli5: true, query: cleaned };
}
