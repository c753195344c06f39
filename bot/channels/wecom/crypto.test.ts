import { encrypt } from '@wecom/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoError, WecomCipher } from './crypto.ts';
import { rawQuery } from './query.ts';

const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const OTHER = 'q3Xm0aTgYv9bDk2L7pWn4sRc8hJf1eUz6oQiK5lMNBA';

describe('WecomCipher', () => {
  it('decrypts what WeCom encrypts, for any text and receive id', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'ww1234567890abcdef'), (text, id) => {
      expect(new WecomCipher('t', KEY, id).decrypt(encrypt(KEY, text, id))).toBe(text);
    }));
  });

  it('never returns garbage for a wrong key, even with the empty receive id of a 智能机器人', () => {
    // @wecom/crypto itself returns whatever the wrong key yields, often with an empty id.
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(() => new WecomCipher('t', OTHER, '').decrypt(encrypt(KEY, text, ''))).toThrow(CryptoError);
    }), { numRuns: 200 });
  });

  it('refuses another receive id, a cut ciphertext and text that is not one', () => {
    // (Flipped bits inside a CBC ciphertext can decrypt consistently: the signature guards those.)
    const sealed = encrypt(KEY, '<xml>'.padEnd(100, 'x'), 'wwA');
    expect(() => new WecomCipher('t', KEY, 'wwB').decrypt(sealed)).toThrow('receive id');
    const cut = Buffer.from(sealed, 'base64').subarray(0, 64).toString('base64');
    expect(() => new WecomCipher('t', KEY, 'wwA').decrypt(cut)).toThrow(CryptoError);
    expect(() => new WecomCipher('t', KEY, 'wwA').decrypt('not base64 at all')).toThrow(CryptoError);
  });

  it('checks signatures of any case, and nothing else', () => {
    const c = new WecomCipher('token', KEY, '');
    const sealed = c.seal('{"a":1}', '1700000000', 'nonce');
    expect(c.verify(sealed.msgsignature, '1700000000', 'nonce', sealed.encrypt)).toBe(true);
    expect(c.verify(sealed.msgsignature.toUpperCase(), '1700000000', 'nonce', sealed.encrypt)).toBe(true);
    expect(c.verify(sealed.msgsignature, '1700000001', 'nonce', sealed.encrypt)).toBe(false);
    expect(c.verify('short', '1700000000', 'nonce', sealed.encrypt)).toBe(false);
  });
});

describe('rawQuery', () => {
  it('keeps a raw + (base64) and decodes %XX', () => {
    expect(rawQuery('/wecom/callback?echostr=ab+c/d==&nonce=n%2B1&timestamp=17')).toEqual({ echostr: 'ab+c/d==', nonce: 'n+1', timestamp: '17' });
  });
});
