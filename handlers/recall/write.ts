import type { ChatModel } from '../../prompts/model.ts';
import { prompt } from '../../prompts/model.ts';
import type { MemberRecord, Product } from '../../store/schema.ts';
import { checkAnswer } from '../qa/index.ts';
import { NameMatcher } from '../qa/index.ts';
import { OPT_OUT_LINE } from '../profiles/index.ts';
import { carriesReason, composeRecall, type RecallFacts, type TextsSent } from './compose.ts';
import { recallModelFacts } from './model-facts.ts';

// A recall DM written by the model from one member's facts, kept only if it passes the
// same check as product answers — which includes the shared safety check (prompts/safety.ts:
// no offer word, link, contact, claimed action, health claim, insult, other shop or command
// the member's facts do not hold) — and names the member; anything else, and any error,
// gives the template text. Either way the text is never one the member was sent before.

export interface Written {
  text: string;
  by: 'model' | 'template';
  /** Why the model's text was not used. */
  reason?: string;
}

export interface RecallWriter {
  /** Undefined when every text that could be written was sent to the member before. */
  write(facts: RecallFacts, seed: string, sent: TextsSent): Promise<Written | undefined>;
}

export interface WriterOptions {
  bot: string;
  catalog: readonly Product[];
  members: Record<string, MemberRecord>;
}

export function recallWriter(model: ChatModel | undefined, opts: WriterOptions): RecallWriter {
  // Without a model every text is the template's: no catalog index or member-name scan to build.
  if (!model) return { write: async (facts, seed, sent) => withText(composeRecall(facts, seed, sent), 'template') };
  const names = new NameMatcher(opts.catalog);
  const system = prompt('recall', { bot: opts.bot });
  const people = memberNames(opts.members, names);

  async function fromModel(m: ChatModel, facts: RecallFacts, sent: TextsSent): Promise<{ text: string } | { reason: string }> {
    const mf = recallModelFacts(facts);
    let answer: string;
    try {
      answer = await m.complete(system, prompt('recall-member', { facts: mf.text }));
    } catch (err) {
      return { reason: `model call failed: ${(err as Error).message}` };
    }
    // The products the facts name (bought, asked, on offer, in a stream's title) are the only ones it may name.
    const products = names.find(mf.text).map((s) => s.product);
    const verdict = checkAnswer({ answer, facts: mf, products, names, prompt: system, people: people.filter((n) => n !== facts.name) });
    if (!verdict.ok) return { reason: verdict.reason };
    if (!('text' in verdict)) return { reason: 'the model declined' };
    if (!verdict.text.includes(facts.name)) return { reason: 'does not name the member' };
    // A hello with nothing to come back for is not worth a DM: it must keep one of the facts' reasons.
    if (!carriesReason(verdict.text, facts)) return { reason: 'gives no reason to come back' };
    // The opt-out line is the bot's: a model text that words one itself never passes the check.
    const text = `${verdict.text}\n${OPT_OUT_LINE}`;
    return sent.has(text) ? { reason: 'sent to the member before' } : { text };
  }

  return {
    async write(facts, seed, sent) {
      const out = await fromModel(model, facts, sent);
      return 'text' in out ? { text: out.text, by: 'model' } : withText(composeRecall(facts, seed, sent), 'template', out.reason);
    },
  };
}

function withText(text: string | undefined, by: Written['by'], reason?: string): Written | undefined {
  if (text === undefined) return undefined;
  return reason === undefined ? { text, by } : { text, by, reason };
}

/** Every name of two or more characters a member goes by that is not also a product's. */
function memberNames(members: Record<string, MemberRecord>, names: NameMatcher): string[] {
  const out = new Set<string>();
  for (const m of Object.values(members)) for (const n of [m.name, ...Object.values(m.aliases)]) if (n.length >= 2) out.add(n);
  return [...out].filter((n) => names.find(n).length === 0);
}
