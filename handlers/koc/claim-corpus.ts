// How newcomers say who brought them, as aunties, students and shift workers type it in a
// group or to the bot, each with what a careful 团长 reads: the 体验官 named (by code or name),
// or nobody. Negatives are the near misses: the name in other talk, questions, negations,
// codes that are no code, asking what a code is. Scored by claim.test.ts.
// 体验官 of the corpus: 王阿姨 (K7Q2), 李哥 (M3P8), Linda🌸 (Z9X4), 小红(2栋) (H5T6), 张姐/张美丽 (W4N7).

import type { KocName } from './claim.ts';

export const CORPUS_KOCS: KocName[] = [
  { id: 'wang', code: 'K7Q2', names: ['王阿姨'] },
  { id: 'li', code: 'M3P8', names: ['李哥'] },
  { id: 'linda', code: 'Z9X4', names: ['Linda🌸'] },
  { id: 'hong', code: 'H5T6', names: ['小红(2栋)'] },
  { id: 'zhang', code: 'W4N7', names: ['张美丽', '张姐'] },
];

export interface ClaimCase {
  text: string;
  /** The 体验官 credited; undefined: nobody. */
  want: string | undefined;
}

const by = (want: string, ...texts: string[]): ClaimCase[] => texts.map((text) => ({ text, want }));
const none = (...texts: string[]): ClaimCase[] => texts.map((text) => ({ text, want: undefined }));

export const CLAIM_CORPUS: { positives: ClaimCase[]; negatives: ClaimCase[] } = {
  positives: [
    // Codes, as typed
    ...by('wang', 'K7Q2', 'k7q2', 'K7q2', '邀请码 K7Q2', '邀请码K7Q2', '邀请码：K7Q2', '邀请码:k7q2', '我的邀请码是K7Q2', '邀请码是 k7q2 ～',
      'K７Q２', '邀請碼 K7Q2', 'K7Q2 王阿姨给的', '王阿姨给的邀请码K7Q2', '填邀请码K7Q2', '邀请码K7Q2[玫瑰]', '👋大家好，邀请码K7Q2', 'K7Q2！',
      '码是K7Q2', '新人报到 邀请码 K7Q2', 'K7Q2 谢谢', '大家好我是新来的，K7Q2'),
    ...by('li', 'M3P8', 'm3p8', '邀请码 M3P8', '李哥给了我个码 M3P8', '邀请码是m3p8哈'),
    ...by('linda', 'Z9X4', 'z9x4 😊', '推荐码Z9X4'),
    ...by('hong', 'H5T6', '邀请码 h5t6'),
    ...by('zhang', 'W4N7', '邀请码w4n7'),
    // Names, as said
    ...by('wang', '是王阿姨介绍我来的', '王阿姨拉我进群的', '朋友王阿姨推荐的', '是王阿姨介绍的', '王阿姨介绍的', '王阿姨介绍来的',
      '我是王阿姨介绍来的', '我是王阿姨介绍来的～', '我是王阿姨介绍来的，请多关照', '大家好，我是王阿姨介绍来的', '王阿姨推荐我来的',
      '王阿姨拉我进来的', '王阿姨拉的', '被王阿姨拉进来的', '王阿姨拉进群的', '王阿姨邀请我进群的', '王阿姨邀请的', '王阿姨带我来的',
      '王阿姨叫我来的', '王阿姨喊我进群的', '王阿姨让我加的群', '邻居王阿姨介绍的', '我邻居王阿姨拉我进群的', '是我朋友王阿姨推荐的',
      '楼上王阿姨介绍的', '对门王阿姨拉我进来的', '是王阿姨介绍我来这个群的', '王阿姨介绍我来买菜的', '王阿姨介绍我来买的',
      '@王阿姨 介绍我来的', '@王阿姨\u2005拉我进群的', '介绍人：王阿姨', '介绍人是王阿姨', '推荐人王阿姨', '邀请人:王阿姨',
      '通过王阿姨进的群', '跟王阿姨来的', '经王阿姨介绍', '经王阿姨介绍进群', '受王阿姨邀请', '扫王阿姨的二维码进来的', '扫的王阿姨的码',
      '是王阿姨介紹我來的', '王阿姨拉我進群的', '朋友王阿姨推薦的', '王阿姨介绍来滴', '王阿姨介绍哒', '王阿姨推荐的呀', '是王阿姨介绍的哦～',
      '谢谢王阿姨拉我进群', '感谢王阿姨介绍我进来', '我是王阿姨介绍的新邻居', '王阿姨 介绍 我来的', '我也是王阿姨介绍来的',
      '王阿姨介绍我进群的[愉快]', '嗨 王阿姨拉我进来的🙏', '王阿姨带我进群的', '是王阿姨叫我进来的', '王阿姨介绍了我过来'),
    ...by('li', '是李哥介绍我来的', '李哥拉我进群的', '同事李哥推荐的', '李哥带我进来的', '我是李哥拉进来的', '李哥介绍的', '介绍人：李哥',
      '老同学李哥推荐我来的', '跟着李哥来的'),
    ...by('linda', 'Linda介绍我来的', 'linda拉我进群的', '是Linda推荐的', '朋友linda介绍的', 'Linda🌸拉我进来的'),
    ...by('hong', '小红介绍我来的', '是小红(2栋)拉我进群的', '2栋小红介绍的', '小红拉的我'),
    ...by('zhang', '张姐介绍我来的', '张美丽拉我进群的', '是张姐推荐的'),
    // Held out: written after the reader, scored as they came
    ...by('wang', '王阿姨介绍过来的', '俺是王阿姨拉进来滴', '王阿姨把我拉进来的', '我是跟王阿姨过来的', '王阿姨推荐我进群的',
      '是王阿姨介绍我进来的哈', '王阿姨介绍我入群的', '感谢王阿姨邀请我进群！'),
  ],
  negatives: [
    // The name in other talk
    ...none('王阿姨介绍的苹果不错', '王阿姨推荐的这款好吃', '王阿姨介绍一下', '王阿姨拉一下我', '王阿姨带孩子来的', '王阿姨叫我去拿快递',
      '王阿姨让我问问', '王阿姨推荐了几款', '王阿姨邀请大家参加', '谢谢王阿姨推荐', '谢谢王阿姨', '王阿姨在吗', '王阿姨你好',
      '王阿姨早上好', '王阿姨推荐我买的', '王阿姨介绍的那家店关门了', '王阿姨说明天有草莓', '王阿姨拉肚子了', '王阿姨带的菜真好',
      '王阿姨', '@王阿姨 你家的快递到了', '我是王阿姨的邻居', '王阿姨介绍的牛奶还有吗', '李哥推荐的大米很香', '李哥带货', 'Linda分享的链接打不开',
      '小红推荐的面膜', '张姐叫我下楼', '李哥喊大家接龙'),
    // Questions and negations
    ...none('是王阿姨介绍的吗？', '是王阿姨介绍的吗', '王阿姨介绍的?', '你是王阿姨介绍的吗', '不是王阿姨介绍的', '不是王阿姨拉我进群的',
      '谁是王阿姨', '王阿姨是谁呀', '是不是王阿姨拉的', '王阿姨拉我进群了吗？', '没人介绍，自己进来的', '我自己扫码进来的', '是谁拉我进群的？'),
    // Codes that are no code, and asking about codes
    ...none('邀请码是什么', '邀请码是什么？', '什么是邀请码', '邀请码在哪里', '我没有邀请码', '邀请码怎么用', '邀请码找谁要',
      '请问邀请码是啥', 'K7Q3', 'ABCD', '2025', '3-501', '5201', '我住3501', 'HAHA', '草莓K7Q2X', 'OK', '好的', '收到',
      '今天有什么团', '接龙 3-501 王阿姨 2箱', '1. 3-501 王阿姨 2箱', '大家好，我是新来的', '新人报到', '谢谢大家', '请问怎么下单'),
    // Held out: written after the reader, scored as they came
    ...none('王阿姨介绍的那个阿姨也进群了', '王阿姨拉了好几个人进群', '谁介绍你来的？', '王阿姨推荐一下今天买啥', '邀请码发我一下',
      '李哥带我去买菜', '王阿姨家的狗狗好可爱', 'M3P8号快递柜'),
    // Other people, not 体验官
    ...none('是赵大爷介绍我来的', '孙奶奶拉我进群的', '朋友小周推荐的', '我同事介绍的', '邻居拉我进来的', '朋友推荐的'),
  ],
};
