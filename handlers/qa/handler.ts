import type { Ctx, Services } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { TextEvent } from '../../bot/types.ts';
import type { JobHandler } from '../../scheduler/scheduler.ts';
import { createChatModel, prompt, type ChatModel } from '../../prompts/model.ts';
import { withMemberNo } from '../../store/members.ts';
import type { Product } from '../../store/schema.ts';
import type { Command } from '../../bot/commands.ts';
import { checkAnswer } from './check.ts';
import { asksAboutPeople, classify, offlimitsKind } from './detect.ts';
import { modelFacts } from './facts.ts';
import { matchFaq } from './faq.ts';
import { intentsOf, withoutIntentWords } from './intents.ts';
import { asksJielongCutoff, offersNamed, openJielongs, relevantJielongs } from './jielong-facts.ts';
import { blankSpans } from './names.ts';
import { claimOf, qualityOf, wantedOf } from './claims.ts';
import { liveFacts } from './live.ts';
import { asksStreamTime, streamTimeAnswer } from './stream-facts.ts';
import { answerCommand, questionsCommand } from './owner-commands.ts';
import { DIGEST_JOB, digestJob, fileQuestion } from './owner-queue.ts';
import { RateLimiter } from './rate-limit.ts';
import { exampleName, reply } from './replies.ts';
import { indexCache, productsToAnswer, type CatalogIndex } from './retrieval.ts';
import { terms } from './segment.ts';
import { templateAnswer, withOwnerNote, type Asked, type Facts } from './template.ts';

// Product questions, last in the handler chain: whatever no other feature took and reads
// as a question gets one answer — from the model when one is configured and its answer
// passes the check, else from the catalog's fields — or goes to the owner.

export type Answered = 'template' | 'model' | 'owner' | 'limited';

export interface Qa {
  handler: Handler;
  commands: Command[];
  jobs: Record<string, JobHandler>;
  /** Resolves when every model call started so far has been answered (tests, replay). */
  idle(): Promise<void>;
}

interface Question extends Asked {
  /** A product the catalog does not name, asked for ("有没有车厘子"). */
  wanted?: string;
  ctx: Ctx;
  /** Spoken to (DM or @mention): a question the facts cannot answer is answered "我问问团长". */
  direct: boolean;
  products: Product[];
  facts: Facts;
}

export function createQa(services: Services): Qa {
  const { config, store, log } = services;
  const model = createChatModel(config);
  const indexFor = indexCache();
  const limiter = new RateLimiter(config.QA_RATE_LIMIT, config.QA_RATE_WINDOW_MINUTES * 60_000);
  const inFlight = new Set<Promise<void>>();

  const handler: Handler = async (ctx, next) => {
    if (ctx.event.kind !== 'text') return next();
    const event: TextEvent = ctx.event;
    const direct = !ctx.group || event.mentionsBot;
    // "下次直播几点？" is about the shop's schedule, not a product: one answer from the streams.
    const talkBetweenPeople = ctx.group !== undefined && event.mentions.length > 0 && !event.mentionsBot;
    if (!ctx.isOwner && !talkBetweenPeople && asksStreamTime(ctx.text)) {
      const admission = limiter.admit(ctx.member.id, ctx.now);
      if (admission === 'ok') {
        ctx.reply(streamTimeAnswer(store.data, ctx.now, config.TZ, ctx.member.id));
        limiter.count(ctx.member.id, ctx.now);
      } else if (admission === 'warn') ctx.reply(reply.rateLimited());
      return;
    }
    const index = indexFor(store.data.catalog);
    const text = ctx.text;
    // Most group chat names no product: that costs one pass of the name matcher, nothing more.
    const spans = index.names.find(text);
    // "接龙几点截止？" in a group with a 接龙 open names no product, yet is plainly for us.
    const asksCutoffHere = !direct && spans.length === 0 && asksJielongCutoff(text, ctx.group?.id, store.data);
    // "有没有车厘子？": a product the shop does not sell yet, asked for: the owner wants to know.
    const wanted = spans.length === 0 && !ctx.isOwner ? wantedOf(text) : undefined;
    if (!direct && spans.length === 0 && !asksCutoffHere && !wanted) return next();
    const found = index.find(text, spans);
    const blanked = blankSpans(text, found.spans);
    const intents = intentsOf(blanked);
    const claim = found.named.length > 0 ? claimOf(text) : undefined;
    const quality = qualityOf(blanked);
    if (quality && intents.length === 0) intents.push('describe');
    // Only a question about someone's purchases or home needs the members searched.
    const namesOther = asksAboutPeople(text) && namesAnotherMember(text, ctx.member.id, index);
    const kind = classify({
      text, direct: direct || asksCutoffHere, fromOwner: ctx.isOwner, mentionsOthers: event.mentions.length > 0, named: found.named.length > 0,
      intents, faqHit: found.named.some((p) => matchFaq(text, p.faq) !== undefined), namesOther,
      claim: claim !== undefined, wanted: wanted !== undefined,
    });
    if (kind === 'ignore') return next();

    const admission = limiter.admit(ctx.member.id, ctx.now);
    if (admission !== 'ok') {
      if (admission === 'warn') ctx.reply(reply.rateLimited());
      if (kind === 'question') logQuestion(ctx, found.named, intents, 'limited');
      return;
    }
    const example = exampleName(store.data.catalog);
    switch (kind) {
      case 'greeting': return void ctx.reply(reply.greeting(example));
      case 'thanks': return void ctx.reply(reply.thanks());
      case 'hint': return void ctx.reply(reply.hint(config.BOT_NAME, example));
      case 'offlimits': return void ctx.reply(reply.offlimits(offlimitsKind(text, namesOther)!, example));
    }

    const subject = terms(withoutIntentWords(blanked));
    const products = productsToAnswer(found, direct, subject);
    const wantedHere = products.length === 0 ? wanted : undefined;
    const groupIds = ctx.group ? [ctx.group.id] : ctx.record?.groups ?? [];
    // The catalog does not list it, but a 接龙 here sells it at a price: that price is a fact.
    const offers = products.length === 0 ? offersNamed(store.data, text, groupIds) : [];
    // "多少钱？" with no product and nothing else said: ask which, rather than bother the owner.
    if (products.length === 0 && offers.length === 0 && intents.some((i) => i !== 'deadline' && i !== 'arrival') && subject.length === 0) {
      return void ctx.reply(reply.whichProduct(example));
    }
    const open = openJielongs(store.data, (t) => index.names.products(t));
    const jielongs = relevantJielongs(open, products, groupIds);
    const openHere = open.filter((j) => groupIds.includes(j.groupId));
    const live = liveFacts(store.data, products, groupIds);
    const q: Question = {
      ctx, direct, text, blanked, intents, products, ...(wantedHere ? { wanted: wantedHere } : {}), ...(claim !== undefined ? { claim } : {}), ...(quality ? { quality } : {}),
      facts: { products, jielongs, openHere, offers, live, now: ctx.now, tz: config.TZ },
    };
    if (model && products.length > 0) {
      // The model call runs beside the event queue: one slow answer must not hold up the groups.
      const work = answerWithModel(q, model, index).catch((err) => log.error({ err: describe(err), eventId: event.id }, 'question not answered'));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      return;
    }
    answerFromTemplate(q);
  };

  async function answerWithModel(q: Question, model: ChatModel, index: CatalogIndex): Promise<void> {
    const facts = modelFacts(q.facts);
    const system = prompt('qa', { bot: config.BOT_NAME });
    try {
      const answer = await model.complete(system, prompt('qa-question', { facts: facts.text, question: q.text }));
      const livePrices = q.products.flatMap((p) => {
        const o = q.facts.live?.get(p.id)?.offer;
        return o ? [{ price: o.price, ...(p.price !== undefined ? { was: p.price } : {}) }] : [];
      });
      const verdict = checkAnswer({ answer, facts, products: q.products, names: index.names, prompt: system, people: peopleNames(), livePrices });
      if (verdict.ok && 'text' in verdict) {
        q.ctx.reply(verdict.text);
        limiter.count(q.ctx.member.id, q.ctx.now);
        logQuestion(q.ctx, q.products, q.intents, 'model');
        return;
      }
      // The model says the facts do not hold it; the template decides what can be said.
      if (!verdict.ok) log.warn({ reason: verdict.reason, eventId: q.ctx.event.id }, 'model answer failed the check; template answer');
    } catch (err) {
      log.warn({ err: describe(err), eventId: q.ctx.event.id }, 'model call failed; template answer');
    }
    answerFromTemplate(q);
  }

  function answerFromTemplate(q: Question): void {
    const answer = templateAnswer(q, q.facts);
    if (answer.text && answer.missing.length === 0) {
      q.ctx.reply(answer.text);
      limiter.count(q.ctx.member.id, q.ctx.now);
      logQuestion(q.ctx, q.products, q.intents, 'template');
      return;
    }
    fileQuestion(services, {
      member: q.ctx.member, ...(q.ctx.group ? { group: q.ctx.group } : {}), text: q.text,
      productIds: q.products.map((p) => p.id), at: q.ctx.now,
    });
    // Not spoken to: the group hears only what the facts answer; the owner's answer comes later.
    const said = q.direct ? (q.wanted && !answer.text ? reply.wanted(q.wanted) : withOwnerNote(answer)) : answer.text;
    if (said) {
      q.ctx.reply(said);
      limiter.count(q.ctx.member.id, q.ctx.now);
    }
    logQuestion(q.ctx, q.products, q.intents, 'owner');
  }

  /** Whether the text names a member other than the asker (a name that is also a product's does not count). */
  function namesAnotherMember(text: string, asker: string, index: CatalogIndex): boolean {
    const named = (n: string) => n.length >= 2 && text.includes(n) && index.names.find(n).length === 0;
    const members = store.data.members;
    for (const id in members) {
      if (id === asker) continue;
      const m = members[id]!;
      if (named(m.name)) return true;
      for (const g in m.aliases) if (named(m.aliases[g]!)) return true;
    }
    return false;
  }

  /** Every name of two or more characters a member goes by that is not also a product's name. */
  function peopleNames(): string[] {
    const index = indexFor(store.data.catalog);
    const out = new Set<string>();
    for (const m of Object.values(store.data.members)) for (const n of [m.name, ...Object.values(m.aliases)]) if (n.length >= 2) out.add(n);
    return [...out].filter((n) => index.names.find(n).length === 0);
  }

  function logQuestion(ctx: Ctx, products: readonly Product[], intents: readonly string[], answered: Answered): void {
    store.log.append({
      kind: 'question', id: `q:${ctx.event.id}`, at: ctx.now, member: withMemberNo({ id: ctx.member.id, name: ctx.member.name }, ctx.record),
      group: ctx.group ?? null, productIds: products.map((p) => p.id),
      categories: [...new Set(products.map((p) => p.category).filter(Boolean))], intents, answered,
    });
  }

  return {
    handler,
    commands: [questionsCommand, answerCommand],
    jobs: { [DIGEST_JOB]: digestJob(services) },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

/** An error for the log: its message only (an SDK error may carry request details). */
function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; status?: number };
  return [e.name, e.status, e.message].filter(Boolean).join(' ');
}
