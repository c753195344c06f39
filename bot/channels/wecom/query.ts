/**
 * The query string as WeCom sent it. URLSearchParams (and hono's c.req.query) read a raw
 * '+' as a space, which corrupts a base64 echostr; here only %XX escapes are decoded.
 */
export function rawQuery(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const out: Record<string, string> = {};
  if (at < 0) return out;
  for (const part of url.slice(at + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      out[decodeURIComponent(name)] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}
