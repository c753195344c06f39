// Traditional characters as residents type them (from Hong Kong, Taiwan, or an old phone:
// 自提點在哪裡, 已轉賬, 兼職), read as the simplified ones the bot's rules are written in. One
// character for one, so offsets in the text stay where they were. The characters shop talk
// uses, gathered from what each reader needed; a full converter (OpenCC) would be a large
// dictionary for what this short table does. A dialect word (Cantonese 係 for 是) is the
// reader's own rule, not a traditional form.

const PAIRS =
  '並并乾干來来係系個个們们傭佣傳传價价優优兒儿兩两別别刪删劃划動动務务匯汇區区吶呐員员問问啟启喚唤單单喲哟嗎吗嘍喽囉啰國国圍围團团場场塊块壓压壞坏婦妇媽妈孫孙'
  + '學学實实寧宁寫写寶宝對对導导嶶微師师帳账帶带幣币幫帮幾几廣广廳厅張张後后從从徵征徾微愛爱態态慣惯慶庆戶户掃扫換换擇择於于時时曆历會会東东條条棟栋業业樂乐樓楼樣样'
  + '檸柠櫃柜歡欢歲岁歸归氣气決决沒没減减準准滷卤滿满為为無无煩烦燒烧營营爛烂爺爷狀状現现當当發发確确碼码禮礼穩稳節节簽签糧粮糰团紀纪約约紅红紙纸級级紹绍結结給给經经'
  + '綠绿維维網网線线總总繫系羣群義义習习聖圣聯联職职聽听臘腊臺台與与舊旧蔔卜蔥葱薑姜薦荐藍蓝蘋苹蘿萝處处號号蝦虾螄蛳蟲虫衛卫裏里補补裝装裡里見见視视親亲覺觉覽览訂订'
  + '計计訊讯記记詢询話话該该詳详認认誕诞說说誰谁請请謝谢證证識识讀读變变讓让讚赞豬猪貝贝貨货貴贵買买貸贷費费資资賠赔賣卖質质賬账賺赚購购車车轉转辦办農农這这週周進进'
  + '運运過过達达遞递遠远選选還还邊边郵邮鄉乡鄰邻醬酱錢钱錯错錶表鍾钟鐘钟長长門门開开間间閨闺闆板關关陰阴陽阳際际隨随隻只雙双雞鸡離离電电頁页項项順顺預预領领頭头顆颗'
  + '題题額额餅饼餘余馬马驗验體体魚鱼鮮鲜鳳凤鴨鸭鹽盐麗丽麥麦麵面麼么麽么黃黄點点黴霉齊齐齡龄';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS[i]!, PAIRS[i + 1]!);

/** The text with its traditional characters replaced by simplified ones; same length. */
export function toSimplified(text: string): string {
  let out = '';
  for (const c of text) out += MAP.get(c) ?? c;
  return out;
}
