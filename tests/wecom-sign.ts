import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { CORP_ID } from './wecom-fake.ts';

// Callbacks built exactly as WeCom builds them, with @wecom/crypto: AES-CBC with the
// EncodingAESKey, receive id appended (the corp id; '' for a 智能机器人), SHA1 signature
// over the sorted token, timestamp, nonce and ciphertext.

export const TOKEN = 'LinliCallbackToken';
export const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const BOT_TOKEN = 'LinliBotToken';
export const BOT_AES_KEY = 'q3Xm0aTgYv9bDk2L7pWn4sRc8hJf1eUz6oQiK5lMNBA';

export const WECOM_ENV = {
  WECOM_CORP_ID: CORP_ID, WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY, WECOM_AGENT_ID: '1000002',
  WECOM_BOT_TOKEN: BOT_TOKEN, WECOM_BOT_AES_KEY: BOT_AES_KEY, OWNER_IDS: 'laozhao',
};

export interface Signed {
  encrypted: string;
  /** msg_signature, timestamp and nonce, as WeCom puts them in the URL. */
  query: string;
}

export function seal(plaintext: string, at: number, opts: { token?: string; aesKey?: string; receiveId?: string; nonce?: string } = {}): Signed {
  const token = opts.token ?? TOKEN;
  const encrypted = encrypt(opts.aesKey ?? AES_KEY, plaintext, opts.receiveId ?? CORP_ID);
  const timestamp = String(Math.floor(at / 1000));
  const nonce = opts.nonce ?? randomBytes(5).toString('hex');
  const signature = getSignature(token, timestamp, nonce, encrypted);
  return { encrypted, query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}` };
}

export function sealBot(plaintext: string, at: number, opts: { nonce?: string } = {}): Signed {
  return seal(plaintext, at, { token: BOT_TOKEN, aesKey: BOT_AES_KEY, receiveId: '', ...opts });
}

/** The POST body of a self-built app callback. */
export function envelope(encrypted: string): string {
  return `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
}

/** Reads a passive reply the way WeCom does: check its signature, then decrypt. */
export function openBotReply(reply: { encrypt: string; msgsignature: string; timestamp: string; nonce: string }): unknown {
  if (getSignature(BOT_TOKEN, reply.timestamp, reply.nonce, reply.encrypt) !== reply.msgsignature) throw new Error('bad reply signature');
  const { message, id } = decrypt(BOT_AES_KEY, reply.encrypt);
  if (id !== '') throw new Error(`reply receive id ${id}`);
  return JSON.parse(message);
}

export function textXml(from: string, content: string, msgId: string, at: number): string {
  return `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>`
    + `<CreateTime>${Math.floor(at / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>`
    + `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
}

export function groupChangeXml(chatId: string, detail: 'add_member' | 'del_member', members: string[], at: number, joinScene = 0): string {
  return `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>`
    + `<CreateTime>${Math.floor(at / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event>`
    + `<ChatId><![CDATA[${chatId}]]></ChatId><ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[${detail}]]></UpdateDetail>`
    + (detail === 'add_member' ? `<JoinScene>${joinScene}</JoinScene>` : '<QuitScene>0</QuitScene>')
    + `<MemChangeCnt>${members.length}</MemChangeCnt><MemChangeList>${members.map((m) => `<Item><![CDATA[${m}]]></Item>`).join('')}</MemChangeList></xml>`;
}

export function contactAddedXml(staff: string, externalUserId: string, at: number): string {
  return `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>`
    + `<CreateTime>${Math.floor(at / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>`
    + `<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[${staff}]]></UserID>`
    + `<ExternalUserID><![CDATA[${externalUserId}]]></ExternalUserID><State><![CDATA[]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>`;
}
