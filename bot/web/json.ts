// Reading the sandbox page's JSON requests, one way for every route.

export async function readJson(req: Request): Promise<unknown> {
  // Requiring JSON also keeps other web pages from posting here: a cross-site form
  // cannot send this content type without the browser asking first.
  if (!(req.headers.get('content-type') ?? '').includes('application/json')) return undefined;
  try {
    return await req.json();
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
