// Traditional characters residents from Hong Kong, Taiwan or an old phone type ("自提點在哪裡？"),
// read as the simplified ones the owner's keywords are written in. One character for one, so
// offsets in the text stay where they were. Only characters a shop's questions use: a full
// converter (OpenCC) would be a dependency for what a short table does here.

const PAIRS =
  '點点貨货運运費费錢钱嗎吗麼么幾几裡里裏里這这個个後后時时間间發发買买賣卖問问請请謝谢團团長长號号樓楼門门開开關关'
  + '處处單单進进電电話话誰谁聯联繫系係系們们對对沒没還还會会說说讓让從从區区棟栋東东車车來来給给與与為为幫帮紅红'
  + '線线網网優优動动過过邊边當当無无頭头預预約约訂订級级歡欢啟启這这帶带場场廣广準准確确認认麵面蘋苹幣币務务'
  + '週周讀读寫写體体驗验壞坏換换與与嗎吗麼么該该馬马鐘钟鍾钟錶表麗丽聽听見见視视覺觉歲岁並并廳厅寶宝餘余'
  + '錯错雙双紙纸櫃柜滿满減减額额總总計计價价買买賣卖貴贵費费選选擇择郵邮遞递達达門门戶户離离遠远'
  + '現现實实際际導导覽览節节國国際际傳传訊讯號号碼码員员業业營营隻只條条張张鮮鲜雞鸡鴨鸭魚鱼蝦虾蔥葱薑姜蘿萝蔔卜'
  + '齊齐寧宁後后習习慣惯狀状態态問问題题決决辦办義义頁页順顺樣样帳账戶户轉转帳账匯汇簽签領领歸归'
  + '麽么吶呐囉啰嘍喽喲哟於于裝装兩两別别塊块臺台鄰邻證证';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS[i]!, PAIRS[i + 1]!);

/** The text with the traditional characters above replaced by simplified ones; same length. */
export function toSimplified(text: string): string {
  let out = '';
  for (const c of text) out += MAP.get(c) ?? c;
  return out;
}
