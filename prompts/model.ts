import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { Config } from '../bot/config.ts';

// The one module that talks to a language model: any OpenAI-compatible endpoint (OpenAI,
// DeepSeek, Qwen, a local server) through the openai SDK. One call per request, no
// retries, no tools: the model can only return text, which the caller checks.

export interface ChatModel {
  /** The model's reply text; throws on an error, a timeout or an empty reply. */
  complete(system: string, user: string): Promise<string>;
}

/** A model when OPENAI_API_KEY is set; undefined means "answer from templates". */
export function createChatModel(config: Config): ChatModel | undefined {
  if (!config.OPENAI_API_KEY) return undefined;
  const client = new OpenAI({
    apiKey: config.OPENAI_API_KEY,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    timeout: config.OPENAI_TIMEOUT_MS,
    maxRetries: 0,
    // The SDK's own logging could print request details; errors reach our logger instead.
    logLevel: 'off',
  });
  return {
    async complete(system, user) {
      const res = await client.chat.completions.create({
        model: config.OPENAI_MODEL,
        messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
        temperature: 0.3,
        max_tokens: 300,
      });
      const text = res.choices[0]?.message?.content;
      if (!text) throw new Error('the model returned no text');
      return text;
    },
  };
}

const cache = new Map<string, string>();

/** A prompt file from prompts/, with {{name}} placeholders filled. */
export function prompt(name: string, vars: Record<string, string> = {}): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./${name}.md`, import.meta.url), 'utf8').trim();
    cache.set(name, text);
  }
  // A function replacement, so "$&" in a resident's question stays literal.
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in vars ? vars[key]! : whole));
}
