// How residents answer a poll in a WeChat group, and chat that looks like it but is not a vote.
// Written wide on purpose: numerals in every form, full-width, traditional characters, emoji,
// particles, nicknames of options, and the 接龙 messages that sit beside an open poll.
// `want`: the option (1-based) a vote is for; 'several' / 'ambiguous' / 'no-such' for the
// replies that get a question; null for chat.

export type VoteWant = number | 'several' | 'ambiguous' | 'no-such' | null;
export interface VoteCase {
  text: string;
  options: readonly string[];
  want: VoteWant;
}

export const FLAVOURS = ['海盐', '芝士', '原味'] as const;
export const SNACKS = ['海盐苏打饼干', '黑芝麻糊', '桂花酒酿', '螺蛳粉'] as const;
export const SLOTS = ['周六上午', '周六下午', '周日上午'] as const;
export const TWINS = ['海盐芝士', '海盐焦糖', '抹茶'] as const;
export const FRUIT = ['红心火龙果', '丑橘', '阳光玫瑰', '车厘子', '砂糖橘'] as const;

const f = (text: string, want: VoteWant): VoteCase => ({ text, options: FLAVOURS, want });
const s = (text: string, want: VoteWant): VoteCase => ({ text, options: SNACKS, want });
const t = (text: string, want: VoteWant): VoteCase => ({ text, options: SLOTS, want });
const w = (text: string, want: VoteWant): VoteCase => ({ text, options: TWINS, want });
const r = (text: string, want: VoteWant): VoteCase => ({ text, options: FRUIT, want });

export const VOTES: VoteCase[] = [
  // Numbers, every way they are typed.
  f('2', 2), f('２', 2), f(' 2 ', 2), f('2。', 2), f('2！', 2), f('2!!', 2), f('2～', 2), f('2~', 2), f('1', 1), f('3', 3),
  f('二', 2), f('一', 1), f('三', 3), f('②', 2), f('2️⃣', 2), f('❷', 2), f('2号', 2), f('2號', 2), f('二号', 2), f('1号', 1),
  f('第二个', 2), f('第2个', 2), f('第二', 2), f('第一个', 1), f('第三個', 3), f('第3', 3), f('选项2', 2), f('2号选项', 2), f('3项', 3),
  f('投2', 2), f('投2号', 2), f('投二', 2), f('选2', 2), f('選2', 2), f('選2號', 2), f('我选2', 2), f('我投2', 2), f('我投2号', 2),
  f('我也投2', 2), f('我也选2', 2), f('投给2号', 2), f('投票给2号', 2), f('选择3', 3), f('支持1号', 1), f('那就2吧', 2), f('就2号吧', 2),
  f('2号吧', 2), f('2吧', 2), f('2号哈', 2), f('2号呀', 2), f('2号～', 2), f('2[强]', 2), f('👍2', 2), f('2👍', 2), f('2号🙋', 2),
  f('投2号一票', 2), f('2号一票', 2), f('2+1', 2), f('我选第二个', 2), f('选第三个吧', 3), f('投１', 1), f('我投第一个', 1), f('还是2吧', 2),
  // Names.
  f('海盐', 1), f('芝士', 2), f('原味', 3), f('海盐味', 1), f('海盐的', 1), f('海盐口味', 1), f('海盐味的', 1), f('我投海盐', 1),
  f('投海盐', 1), f('选海盐', 1), f('我选芝士', 2), f('我也投海盐', 1), f('芝士+1', 2), f('海盐+1', 1), f('海盐一票', 1), f('海盐吧', 1),
  f('海盐！', 1), f('海盐～～', 1), f('海盐[玫瑰]', 1), f('🧀芝士', 2), f('海鹽', 1), f('我投海鹽', 1), f('支持原味', 3), f('我要海盐', 1),
  f('想要芝士', 2), f('喜欢原味', 3), f('我觉得海盐', 1), f('必须芝士', 2), f('那就芝士吧', 2), f('原味的吧', 3), f('芝士口味', 2),
  f('No.2', 2), f('no2', 2), f('投了2号', 2), f('选了海盐', 1), f('芝士，谢谢', 2), f('芝士 谢谢团长', 2), f('+1 海盐', 1), f('+1海盐味', 1),
  f('2号 +1', 2), f('投芝士一票', 2), f('芝士😋', 2), f('海盐 海盐', 1), f('我選擇2', 2), f('要原味', 3),
  f('2号芝士', 2), f('2号 芝士', 2), f('2.芝士', 2), f('投2号芝士', 2), f('1 海盐', 1), f('海盐那款', 1),
  s('饼干', 1), s('苏打饼干', 1), s('芝麻糊', 2), s('黑芝麻', 2), s('酒酿', 3), s('桂花', 3), s('螺蛳粉', 4), s('我投螺蛳粉', 4),
  s('4', 4), s('四', 4), s('第四个', 4), s('投4号', 4), s('螺蛳粉！！！', 4), s('螺螄粉', 4),
  t('周六上午', 1), t('周日上午', 3), t('周六下午吧', 2), t('3', 3), t('选1', 1),
  r('5', 5), r('五', 5), r('⑤', 5), r('车厘子', 4), r('阳光玫瑰', 3), r('丑橘', 2), r('火龙果', 1), r('砂糖橘吧', 5), r('我投车厘子🍒', 4),
  w('抹茶', 3), w('海盐焦糖', 2), w('焦糖', 2), w('1', 1), w('2号海盐焦糖', 2),
  // Clearly a vote, but one to ask about.
  f('1和2', 'several'), f('1 2', 'several'), f('1、3', 'several'), f('海盐和芝士', 'several'), f('海盐、原味', 'several'), f('选1和3', 'several'),
  w('海盐', 'ambiguous'), w('我投海盐', 'ambiguous'), f('2号海盐', 'ambiguous'), t('上午', 'ambiguous'),
  f('投5', 'no-such'), f('5号', 'no-such'), f('第五个', 'no-such'), f('选4', 'no-such'),
];

export const NOT_VOTES: VoteCase[] = [
  // A 接龙's messages beside the poll.
  f('+1', null), f('+2', null), f('+1 3-501', null), f('2箱', null), f('2份', null), f('两份', null), f('3-501 2箱', null), f('接龙+1', null),
  f('我要2', null), f('我要两份', null), f('要2个', null), f('来2箱', null), f('改成3份', null), f('取消', null), f('-1', null), f('2个', null),
  f('两', null), f('2袋', null), f('3斤', null), f('x2', null), f('2盒 5-201', null),
  // Chat with numbers.
  f('我家2个孩子', null), f('我家2个孩子，周末带他们去公园', null), f('2楼', null), f('1号楼', null), f('3点', null), f('2点到', null),
  f('5-201', null), f('2块', null), f('29.9', null), f('12', null), f('5', null), f('0', null), f('100', null), f('2026', null),
  f('2分钟后到', null), f('下午2点取货', null), f('第2次买了', null), f('买了2次', null), f('2天', null), f('2元', null), f('2号楼有人吗', null),
  // Questions about an option, chat naming one.
  f('海盐的上次买过挺好吃的吗', null), f('海盐吗？', null), f('2是什么', null), f('芝士是哪个牌子的', null), f('海盐多少钱', null),
  f('原味有糖吗', null), f('海盐好吃', null), f('海盐的太咸了', null), f('芝士我不爱吃', null), f('我不喜欢海盐', null), f('海盐芝士都行', null),
  f('都可以', null), f('随便', null), f('哈哈哈', null), f('好的', null), f('收到', null), f('谢谢团长', null), f('👍', null), f('[强]', null),
  f('今天芝士到了吗', null), f('投票在哪', null), f('怎么投票', null), f('2?', null), f('2号？', null), f('选哪个好呢', null), f('投几号', null),
  f('早上好', null), f('签到', null), f('我的订单', null), f('退订', null), f('预约', null), f('我投了', null), f('投票', null), f('选好了', null),
  f('2个就够了', null), f('第二天', null), f('二楼', null), f('二手的', null), f('一起', null), f('一样', null), f('两个', null),
  f('一个', null), f('1个', null), f('一号我不在', null), f('嗯嗯', null), f('同意', null), f('同上', null), f('跟楼上一样', null),
  f('我也是', null), f('海盐的好', null), f('海盐 5-201', null), f('要1', null), f('不要海盐', null), f('别选海盐', null),
  f('海盐不好吃', null), f('三点半', null), f('三个人', null), f('+1 5-201', null), f('+1 小米', null), f('22', null),
  s('饼', null), s('芝麻糊怎么冲', null), s('螺蛳粉太臭了吧哈哈', null), s('酒酿可以给小孩吃吗', null),
  t('周六我不在家', null), t('周日下午', null),
  r('橘', null), r('@王阿姨 2', null), r('我家楼下有卖车厘子的', null),
];
