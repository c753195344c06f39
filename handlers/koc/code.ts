import { createHash } from 'node:crypto';

// Invite codes: four letters and digits, easy to say and to type on a phone, with nothing that
// reads two ways (no 0/O, 1/I). Each has a letter and a digit, so no code is a word (HAHA), a
// year or a room number. Derived from the member's id, so the same shop gives the same codes
// in tests and after a restore; a clash tries the next.

export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 4;

export function isCodeShape(code: string): boolean {
  return new RegExp(`^[${CODE_ALPHABET}]{${LENGTH}}$`).test(code) && /[A-Z]/.test(code) && /\d/.test(code);
}

/** A code for `member` that none of `taken` is. */
export function newCode(member: string, taken: ReadonlySet<string>): string {
  for (let attempt = 0; ; attempt++) {
    const bytes = createHash('sha256').update(`${member}:${attempt}`).digest();
    const code = [...bytes.subarray(0, LENGTH)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    if (isCodeShape(code) && !taken.has(code)) return code;
  }
}
