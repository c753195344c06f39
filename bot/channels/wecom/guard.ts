import type { Clock } from '../../types.ts';
import { CryptoError, fingerprint, type WecomCipher } from './crypto.ts';
import { RecentKeys, type SavedKeys } from './recent.ts';

// Every callback passes here before anything is read from it: a fresh timestamp, a
// signature never seen before, a valid signature, and a ciphertext that decrypts for us.

export type GuardResult = { ok: true; plaintext: string } | { ok: false; reason: string };

export interface SignedQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
}

export class RequestGuard {
  private readonly used: RecentKeys;

  constructor(
    private readonly cipher: WecomCipher,
    private readonly clock: Clock,
    private readonly windowMs: number,
    /** Where the signatures seen are saved, so a replay is refused across a restart too. */
    saved?: SavedKeys,
  ) {
    // A replay older than the window fails the timestamp check, so remembering the window is enough.
    this.used = new RecentKeys(2 * windowMs, 100_000, saved);
  }

  open(query: SignedQuery, encrypted: string | undefined): GuardResult {
    const { msg_signature: signature, timestamp, nonce } = query;
    if (!signature || !timestamp || !nonce || !encrypted) return { ok: false, reason: 'missing signature, timestamp, nonce or ciphertext' };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not a number' };
    const now = this.clock.now();
    if (Math.abs(now - Number(timestamp) * 1000) > this.windowMs) return { ok: false, reason: 'timestamp outside the allowed window' };
    if (!this.cipher.verify(signature, timestamp, nonce, encrypted)) return { ok: false, reason: 'bad signature' };
    // Only a correctly signed request may take a place in the replay memory.
    if (!this.used.add(fingerprint(signature, timestamp, nonce), now)) return { ok: false, reason: 'replayed request' };
    try {
      return { ok: true, plaintext: this.cipher.decrypt(encrypted) };
    } catch (err) {
      if (err instanceof CryptoError) return { ok: false, reason: err.message };
      throw err;
    }
  }

  /**
   * Gives back the place a request took in the replay memory: it was refused after all (it
   * could not be journaled), so WeCom's resend of the very same request must be let in.
   */
  release(query: SignedQuery): void {
    const { msg_signature: signature, timestamp, nonce } = query;
    if (signature && timestamp && nonce) this.used.delete(fingerprint(signature, timestamp, nonce));
  }
}
