import type { Services } from '../../bot/context.ts';
import { memberName } from '../../store/members.ts';
import { dateTimeText } from './when.ts';
import type { FulfilmentOrder, HistoryLine } from './state.ts';

// An order's history as the owner reads it: "11-22 09:10 王阿姨 说已付".

const CHANGE_TEXT: Record<HistoryLine['change'], string> = {
  opened: '截单', paid: '收款', 'pay-claimed': '说已付', arrived: '到货', collected: '取货', 'partly-collected': '取了一部分',
  cancelled: '取消', refunded: '退款', 'reminded-pay': '提醒付款', 'reminded-pickup': '提醒取货', case: '售后',
};

export function historyText(services: Services, o: FulfilmentOrder): string[] {
  const { store, config } = services;
  return o.history.map((h) => {
    const who = h.by === 'system' ? '' : ` ${memberName(store.data, h.by)}`;
    return `${dateTimeText(h.at, config.TZ)}${who} ${CHANGE_TEXT[h.change]}${h.note ? `：${h.note}` : ''}`;
  });
}
