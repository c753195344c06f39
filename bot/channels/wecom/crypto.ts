import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

// WeCom's message encryption (加解密方案), on @wecom/crypto. The library neither checks the
// receive id nor notices a wrong key (it returns garbage): both are checked here, and a
// signature is compared in constant time so it cannot be guessed byte by byte.

export class CryptoError extends Error {}

export class WecomCipher {
  /**
   * @param receiveId the corp id for a self-built app's callbacks; '' for a 智能机器人,
   *   whose callbacks carry no receive id.
   */
  constructor(
    private readonly token: string,
    private readonly aesKey: string,
    private readonly receiveId: string,
  ) {}

  /** True when `signature` is WeCom's msg_signature over this token, timestamp, nonce and ciphertext. */
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
    const expected = Buffer.from(getSignature(this.token, timestamp, nonce, encrypted), 'utf8');
    const given = Buffer.from(signature.toLowerCase(), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The plaintext; throws CryptoError when it is not well formed or not for this receiver. */
  decrypt(encrypted: string): string {
    let out: { message: string; id: string; random: Buffer };
    try {
      out = decrypt(this.aesKey, encrypted);
    } catch (err) {
      throw new CryptoError(`cannot decrypt: ${(err as Error).message}`);
    }
    // A wrong key or a tampered ciphertext decrypts to garbage whose length field, padding
    // or UTF-8 do not hold together; only a consistent plaintext encrypts back to exactly
    // the same bytes (same key, IV and random prefix).
    if (out.random.length !== 16 || encrypt(this.aesKey, out.message, out.id, out.random) !== normalise(encrypted)) {
      throw new CryptoError('ciphertext does not decrypt consistently (wrong key or tampered)');
    }
    if (out.id !== this.receiveId) throw new CryptoError('receive id does not match');
    return out.message;
  }

  /** Encrypts and signs a passive reply: what WeCom expects back in the HTTP response. */
  seal(plaintext: string, timestamp: string, nonce: string = randomBytes(8).toString('hex')) {
    const encrypted = encrypt(this.aesKey, plaintext, this.receiveId);
    return { encrypt: encrypted, msgsignature: getSignature(this.token, timestamp, nonce, encrypted), timestamp, nonce };
  }
}

/** Base64 as Node writes it, so a re-encryption can be compared byte for byte. */
function normalise(b64: string): string {
  return Buffer.from(b64, 'base64').toString('base64');
}

/** A short fingerprint for logs and replay checks: never the signature itself. */
export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
