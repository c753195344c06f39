// Normalising what people type before it is compared: full-width forms, odd spaces, case.
// Pure functions, no state.

/** Full-width digits, letters and signs to ASCII, one code unit for one, so offsets still match. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** A name as names are compared (product names, aliases, what a resident wrote): half-width, trimmed, lower case. */
export function normalName(name: string): string {
  return toHalfWidth(name).trim().toLowerCase();
}

/** WeChat's narrow space after an @mention (U+2005), no-break and ideographic spaces as plain spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u2005\u00a0\u3000]/g, ' ');
}
