// Phone numbers as people hide them from filters: 138 1234 5678, 138-1234-5678, 1 3 8 1 2…,
// 一三八一二三四五六七八, 幺三八, 138oo123456, and landlines and 400 numbers written with a dash.
// What is not a phone: a 快递 number (SF1234567890123: letters before, more digits), prices
// (13.8 15.8), rooms (3-501), times (13:30), sizes (13 15 16 17 18 19). Pure functions.

const CN_DIGIT: Record<string, string> = {
  零: '0', 〇: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3', 四: '4', 肆: '4',
  五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9',
};

/** Between two digits of one number: a space or one of these, once or twice. */
const SEP = /^[\s\-_.·*~,，、/|()]$/u;

const digitOf = (c: string, prev: string | undefined): string | undefined => {
  if (c >= '0' && c <= '9') return c;
  if (CN_DIGIT[c]) return CN_DIGIT[c];
  // An o among digits is a zero (138oo12345678); elsewhere it is a letter.
  if (c === 'o' && prev !== undefined) return '0';
  return undefined;
};

interface Run {
  /** The digits of each group (between separators), in order. */
  groups: string[];
  /** Chinese numerals in it (一三八…): written so on purpose, never a price. */
  chinese: boolean;
  /** A latin letter right before or after: a code (SF…, JD…), not a phone. */
  lettered: boolean;
}

/** Runs of digits as a phone number may be split: groups of digits joined by one or two separators. */
function runs(folded: string): Run[] {
  const chars = [...folded];
  const out: Run[] = [];
  let i = 0;
  while (i < chars.length) {
    if (digitOf(chars[i]!, undefined) === undefined) {
      i++;
      continue;
    }
    const start = i;
    const run: Run = { groups: [], chinese: false, lettered: false };
    let group = '';
    while (i < chars.length) {
      const d = digitOf(chars[i]!, group || undefined);
      if (d !== undefined) {
        if (!/[0-9o]/.test(chars[i]!)) run.chinese = true;
        group += d;
        i++;
        continue;
      }
      // One or two separators, then a digit again: still the same number.
      let j = i;
      while (j < chars.length && j - i < 2 && SEP.test(chars[j]!)) j++;
      if (j > i && j < chars.length && digitOf(chars[j]!, undefined) !== undefined) {
        run.groups.push(group);
        group = '';
        i = j;
        continue;
      }
      break;
    }
    run.groups.push(group);
    const before = chars[start - 1] ?? '';
    const after = chars[i] ?? '';
    run.lettered = /[a-z]/.test(before) || /[a-z]/.test(after);
    out.push(run);
  }
  return out;
}

/** Split the way a number is written to be read (3-4-4, 3-8, one digit at a time), not a list of figures. */
function phoneShaped(groups: string[]): boolean {
  if (groups.length === 1) return true;
  if (groups.every((g) => g.length === 1)) return true;
  return groups.length <= 4 && groups[0]!.length >= 3 && groups.every((g) => g.length >= 2 && g.length <= 8);
}

/** One number the groups from..to make, if it is a phone (mobile, landline with area code, 400). */
function phoneOf(groups: string[], chinese: boolean): string | undefined {
  const d = groups.join('');
  if (/^1[3-9]\d{9}$/.test(d) && (chinese || phoneShaped(groups))) return d;
  if (/^86(1[3-9]\d{9})$/.test(d) && groups[0] === '86') return d.slice(2);
  if (/^(?:0\d{2,3}\d{7,8}|[48]00\d{7})$/.test(d) && groups.length >= 2 && groups.length <= 3 && groups[0]!.length >= 3) return d;
  return undefined;
}

/** The phone numbers in a folded text (fold.ts), as digits. */
export function phonesIn(folded: string): string[] {
  const found: string[] = [];
  for (const run of runs(folded)) {
    const { groups } = run;
    // A room or a count may run into the number (3-501 13812345678): every stretch of groups is tried.
    outer: for (let from = 0; from < groups.length; from++) {
      for (let to = groups.length; to > from; to--) {
        // A letter against the whole run makes it a code (SF…, JD…), not a phone.
        if (run.lettered && !run.chinese && to - from === groups.length) continue;
        const phone = phoneOf(groups.slice(from, to), run.chinese);
        if (phone) {
          found.push(phone);
          from = to - 1;
          continue outer;
        }
      }
    }
  }
  return found;
}

/** Long numbers (phones, QQ, 快递 numbers) cut to their ends for what the owner reads and logs keep. */
export function maskNumbers(text: string): string {
  return text.replace(/\d(?:[\s-]?\d){6,}/g, (m) => {
    const digits = m.replace(/\D/g, '');
    return `${digits.slice(0, 3)}****${digits.slice(-2)}`;
  });
}
