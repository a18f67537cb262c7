/** The two languages of the bank, and of the tutor's answers. */
export type Language = 'en' | 'zh';
