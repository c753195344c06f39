import { toHalfWidth } from '../../text/normalize.ts';

// Chinese word segmentation for retrieval: the runtime's ICU dictionary segmenter
// (Intl.Segmenter), never a hand-written one. Question words and particles are dropped so
// they do not match product descriptions.

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Full-width to ASCII, lower case: how every text is compared. */
export function normalize(text: string): string {
  return toHalfWidth(text).toLowerCase();
}

/** Words in the text (punctuation and spaces dropped), normalised. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(normalize(text))) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** Words that say how something is asked, not what about. */
export const STOPWORDS = new Set([
  '的', '了', '吗', '嘛', '么', '呢', '吧', '啊', '呀', '哦', '哈', '嗯', '是', '有', '在', '和', '与', '还', '也', '都', '就',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '咱们', '这', '那', '这个', '那个', '个', '一', '一下', '请问', '问', '问问',
  '多少', '多少钱', '钱', '几', '怎么', '怎么样', '怎样', '怎么卖', '咋', '咋样', '哪里', '哪儿', '哪', '什么', '啥', '是不是',
  '有没有', '能不能', '可以', '可不可以', '还有', '没有', '要', '想', '买', '卖', '能', '会', '元', '块', '哪些', '哪个', '哪款',
  '啥样', '什么样', '给', '让', '帮', '帮忙', '麻烦', '谢谢', '呗', '咱', '家', '们', '卖的', '有的',
]);

/** Words that carry meaning for retrieval (stopwords removed). */
export function terms(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w));
}
