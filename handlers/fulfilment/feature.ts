import type { Feature, FeatureKit } from '../../bot/feature.ts';
import type { Keyword } from '../../bot/commands.ts';
import type { Services } from '../../bot/context.ts';
import { HOUR_MS } from '../../scheduler/clock.ts';
import { caseCommand } from './after-sales.ts';
import { ARCHIVE_JOB, archiveSettled } from './archive.ts';
import { ordersFromClose, recordChange, stateOf } from './book.ts';
import { orderCommand } from './orders-command.ts';
import { claimPaid, payCommand, reconcileCommand, unpaidCommand } from './payment.ts';
import { arrivedCommand, collectCommand, PICKUP_REMINDER_JOB, pickupReminderJob, placeCommand, uncollectedCommand } from './pickup.ts';
import { residentHandler } from './resident.ts';
import { fulfilmentSlice } from './state.ts';
import { fenYuan } from '../../text/money.ts';
import { owedFen } from './status.ts';
import './entries.ts';
import { cardLines, marksOf, type Marks } from './marks.ts';

// From the cut-off to the doorstep: payment, arrival, pick-up and after-sales for every order
// of a closed 接龙. Orders are made when the close is logged; the owner and staff mark them
// with commands, residents by saying 已付 / 已取 / 坏了.

export const PAY_REMINDER_JOB = 'pay-reminder';

const KEYWORDS: Keyword[] = [
  { text: '已付', summary: '截单后付过款了，告诉团长核对（也可以说“付了”“转了”）' },
  { text: '已取', summary: '取到货了，登记一下（也可以说“取到了”“拿到了”）' },
  { text: '售后', summary: '收到的东西坏了、少了、发错了，说一声团长来处理' },
];

export interface FulfilmentOptions {
  /** Whether a member said 退订 (reminders are unsolicited DMs). */
  optedOut?: (services: Services, memberId: string) => boolean;
}

/** What other features may ask of fulfilment once it is installed. */
export interface FulfilmentApi {
  /** The pick list's marks of an order line (pick-up number, state, unpaid, uncollected). */
  orderMarks(jielong: string, order: { lineId: number }): Marks | undefined;
  /** Lines for a member's card. */
  cardLines(services: Services, memberId: string): string[];
}

export function fulfilmentFeature(options: FulfilmentOptions = {}): Feature & FulfilmentApi {
  let installed: Services | undefined;
  return {
    name: 'fulfilment',
    slices: [fulfilmentSlice],
    orderMarks: (jielong, order) => (installed ? marksOf(installed, jielong, order.lineId) : undefined),
    cardLines,
    install(kit) {
      installed = kit.services;
      const optedOut = (id: string) => options.optedOut?.(kit.services, id) ?? false;
      for (const command of [payCommand, unpaidCommand, reconcileCommand, arrivedCommand, collectCommand, uncollectedCommand, orderCommand, caseCommand, placeCommand]) kit.command(command);
      for (const keyword of KEYWORDS) kit.keyword(keyword);
      kit.job(PICKUP_REMINDER_JOB, pickupReminderJob(kit.services, optedOut));
      kit.job(PAY_REMINDER_JOB, payReminderJob(kit.services, optedOut));
      kit.job(ARCHIVE_JOB, () => void archiveSettled(kit.services.store, kit.services.clock.now()));
      kit.every(ARCHIVE_JOB, '40 4 * * *', ARCHIVE_JOB);
      followCloses(kit);
      return { handler: residentHandler() };
    },
  };
}

/** A close makes the orders; a 已付 said while it was open is taken up; the pay reminder is planned. */
function followCloses(kit: FeatureKit): void {
  const { services } = kit;
  kit.follow('jielong-closed', (entry) => {
    const state = stateOf(services);
    const batch = services.store.data.jielong[entry.jielong]?.batch;
    const made = ordersFromClose(services, entry, batch);
    for (const order of made) {
      const key = `${entry.jielong}:${order.member?.id ?? ''}`;
      const early = state.earlyClaims[key];
      if (!early || !order.member) continue;
      delete state.earlyClaims[key];
      claimPaid(services, [order], early.amountFen, order.member);
    }
    const hours = services.config.PAY_REMINDER_HOURS;
    if (hours > 0 && made.length) {
      services.scheduler.at(entry.at + hours * HOUR_MS, PAY_REMINDER_JOB, { nos: made.map((o) => o.no) }, `${PAY_REMINDER_JOB}:${entry.jielong}`);
    }
  });
}

function payReminderJob(services: Services, optedOut: (id: string) => boolean) {
  return (payload: unknown) => {
    const state = stateOf(services);
    for (const no of (payload as { nos: string[] }).nos) {
      const order = state.orders[no];
      if (!order || order.paid || order.claim || order.ended || !order.member || optedOut(order.member.id)) continue;
      const owed = owedFen(order);
      const sent = services.outbox.enqueue({
        key: `pay-reminder:${no}`, to: { kind: 'dm', member: order.member }, purpose: 'unsolicited',
        text: `${order.member.name}，「${order.title}」${owed ? `还差付款${fenYuan(owed)}` : '还没登记付款'}（取货号 ${no}），方便时转给团长就好；已经付了的话回“已付”告诉我～\n不想收到这类提醒，回复「退订」。`,
      });
      if (sent) recordChange(services, order, 'reminded-pay', null);
    }
  };
}
