// The demo shop the embedded sandbox starts with: one owner, two resident groups and a
// neighbour who is not in any group yet (so an invitation can be tried).

export interface DemoPerson {
  /** A WeChat-like contact id (`wxid_...`). */
  id: string;
  name: string;
}

export interface DemoGroup {
  /** Room ids must contain '@': the mock tells rooms from contacts by it. */
  id: string;
  name: string;
  /** Everyone in the group, the bot and the owner included. */
  memberIds: string[];
  /** Group nicknames (群昵称), by member id, for members who set one. */
  aliases: Record<string, string>;
}

export interface DemoShop {
  bot: DemoPerson;
  owner: DemoPerson;
  residents: DemoPerson[];
  groups: DemoGroup[];
}

const BOT = { id: 'wxid_linli_bot', name: '邻里小助手' };
const OWNER = { id: 'wxid_laozhao', name: '老赵' };

const RESIDENTS: DemoPerson[] = [
  { id: 'wxid_wangayi', name: '王阿姨' },
  { id: 'wxid_lige', name: '李哥' },
  { id: 'wxid_xiaozhang', name: '小张' },
  { id: 'wxid_chenjie', name: '陈姐' },
  { id: 'wxid_liulaoshi', name: '刘老师' },
  { id: 'wxid_zhoudaye', name: '周大爷' },
  { id: 'wxid_xiaomei', name: '小美' },
  { id: 'wxid_yangbaoma', name: '杨宝妈' },
  { id: 'wxid_sunnainai', name: '孙奶奶' },
  { id: 'wxid_wushu', name: '吴叔' },
  { id: 'wxid_xiaolin', name: '小林' },
  { id: 'wxid_huangjie', name: '黄姐' },
  { id: 'wxid_zhengge', name: '郑哥' },
  { id: 'wxid_heayi', name: '何阿姨' },
  // Not in any group yet: 王阿姨's neighbour, for trying out an invitation.
  { id: 'wxid_xiaoli', name: '小李' },
];

export const DEMO_SHOP: DemoShop = {
  bot: BOT,
  owner: OWNER,
  residents: RESIDENTS,
  groups: [
    {
      id: 'xingfuli-1@chatroom',
      name: '幸福里1群',
      memberIds: [
        BOT.id, OWNER.id,
        'wxid_wangayi', 'wxid_lige', 'wxid_xiaozhang', 'wxid_chenjie',
        'wxid_liulaoshi', 'wxid_zhoudaye', 'wxid_xiaomei', 'wxid_yangbaoma',
      ],
      aliases: { [OWNER.id]: '团长老赵', wxid_wangayi: '3栋王阿姨', wxid_liulaoshi: '8栋刘老师' },
    },
    {
      id: 'xingfuli-2@chatroom',
      name: '幸福里2群',
      memberIds: [
        BOT.id, OWNER.id,
        'wxid_wangayi', 'wxid_chenjie', 'wxid_sunnainai', 'wxid_wushu',
        'wxid_xiaolin', 'wxid_huangjie', 'wxid_zhengge', 'wxid_heayi',
      ],
      aliases: { [OWNER.id]: '团长老赵', wxid_wangayi: '3栋王阿姨', wxid_huangjie: '12栋黄姐' },
    },
  ],
};
