import type { Clock } from '../../types.ts';

// How a 智能机器人 message may be answered: in the HTTP response while WeCom waits for it
// (passive), or afterwards once through the message's response_url (valid for an hour).
// The aibot route opens a slot per message; the channel takes the first reply for it.

/** response_url is valid for one hour; a little less, so a late reply never hits an expired URL. */
const RESPONSE_URL_LIFE_MS = 55 * 60_000;

interface Slot {
  eventId: string;
  chatId: string;
  openedAt: number;
  /** Set while the HTTP request is still waiting: calling it answers passively. */
  passive?: (text: string) => void;
  responseUrl?: string;
  responseUrlUsed: boolean;
}

export type ReplyPath = { kind: 'passive'; answer: (text: string) => void } | { kind: 'response_url'; url: string; done: () => void };

export class ReplySlots {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly clock: Clock) {}

  /** Opens the slot for one message; resolves with the passive answer, or undefined if none came in time. */
  open(eventId: string, chatId: string, responseUrl: string | undefined): { answer: Promise<string | undefined>; close: () => void } {
    this.prune();
    let settle!: (text: string | undefined) => void;
    const answer = new Promise<string | undefined>((resolve) => (settle = resolve));
    const slot: Slot = { eventId, chatId, openedAt: this.clock.now(), responseUrlUsed: false };
    if (responseUrl) slot.responseUrl = responseUrl;
    slot.passive = (text) => {
      delete slot.passive;
      settle(text);
    };
    this.slots.set(eventId, slot);
    return {
      answer,
      close: () => {
        delete slot.passive;
        settle(undefined);
      },
    };
  }

  /**
   * A message taken before a restart and handled only now: no request waits for a passive
   * answer any more, but its response_url (an hour from when it came) may still carry one.
   */
  reopen(eventId: string, chatId: string, responseUrl: string | undefined, openedAt: number): void {
    this.prune();
    const slot: Slot = { eventId, chatId, openedAt, responseUrlUsed: false };
    if (responseUrl) slot.responseUrl = responseUrl;
    this.slots.set(eventId, slot);
  }

  /**
   * The way to deliver a reply to this event; for a message tied to no event (a 接龙
   * confirmation, which answers the 接龙 message that caused it), the chat's latest unused
   * response_url.
   */
  take(eventId: string | undefined, chatId: string): ReplyPath | undefined {
    this.prune();
    const found = eventId ? this.slots.get(eventId) : undefined;
    // Only an answer in the same chat: a note to the owner about this message goes elsewhere.
    const own = found?.chatId === chatId ? found : undefined;
    if (own?.passive) return { kind: 'passive', answer: own.passive };
    // A reply to some other kind of message (a DM to the app) is not the bot's to answer.
    if (eventId && !own) return undefined;
    const sameChat = [...this.slots.values()].filter((s) => s.chatId === chatId).reverse();
    const candidates = own ? [own, ...sameChat] : sameChat;
    const slot = candidates.find((s) => s.responseUrl && !s.responseUrlUsed);
    if (!slot?.responseUrl) return undefined;
    return { kind: 'response_url', url: slot.responseUrl, done: () => (slot.responseUrlUsed = true) };
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [id, slot] of this.slots) {
      if (now - slot.openedAt > RESPONSE_URL_LIFE_MS && !slot.passive) this.slots.delete(id);
    }
  }
}
