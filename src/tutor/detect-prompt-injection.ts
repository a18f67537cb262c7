// An instruction to drop the rules, said as a command (at the start of a sentence or after
// "please"/"now"), so that "why do models ignore the instructions in a prompt?" stays a question.
const commandStart = String.raw`(?:^|[.!?;:,]\s*|\b(?:please|now|just|and|then|first)\s+)`;
const englishPatterns: readonly RegExp[] = [
  new RegExp(
    `${commandStart}(?:ignore|disregard|forget|override|bypass|drop|abandon)\\s+(?:all\\s+|any\\s+|of\\s+)*(?:your|the|previous|prior|above|earlier|preceding|these|those|my|its|system)?\\s*(?:[a-z]+\\s+){0,2}(?:instructions?|rules?|prompts?|guidelines|directions|system message|constraints|programming|guardrails)\\b`,
    'iu',
  ),
  /\b(?:reveal|print|show|display|repeat|output|leak|dump|recite|tell me|give me)\b[^.?!]{0,40}\b(?:system prompt|system message|hidden (?:instructions?|prompts?|rules)|your (?:instructions|rules|prompt|guidelines|system prompt|initial prompt)|(?:initial|original) prompt|developer message|instructions you were given)\b/iu,
  /\bwhat (?:is|are|were) your (?:instructions|rules|prompt|system prompt|guidelines|initial prompt)\b/iu,
  /\b(?:you are now|from now on you are|pretend (?:that )?you (?:are|have) no)\b/iu,
  /\b(?:jailbreak|developer mode|dan mode|do anything now)\b/iu,
];
const chinesePatterns: readonly RegExp[] = [
  /(?:忽略|无视|忘记|忘掉|不要理会|不用管|绕过|跳过)[^。？！]{0,12}(?:指令|指示|规则|提示词|提示|设定|要求|限制)/u,
  /(?:显示|输出|打印|告诉我|泄露|重复|说出|给我看|展示|透露)[^。？！]{0,12}(?:系统提示|系统指令|系统消息|隐藏(?:的)?(?:指令|提示|规则)|你的(?:指令|提示词|规则|设定|系统提示)|初始提示)/u,
  /(?:越狱|开发者模式|从现在开始你是)/u,
];

/**
 * Recognises attempts to make the tutor drop its rules or reveal its instructions, in English and
 * Chinese. Such messages get a refusal without retrieval or generation, so no part of the system
 * prompt can leak. Records and learner text are also fenced as data in the LLM prompt; this check is
 * the first line, not the only one.
 */
export function detectPromptInjection(text: string): boolean {
  const normalized = text.normalize('NFKC');
  return englishPatterns.some((pattern) => pattern.test(normalized)) || chinesePatterns.some((pattern) => pattern.test(normalized));
}
