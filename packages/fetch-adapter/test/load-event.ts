import { readFileSync } from 'node:fs';

/** A fresh copy of a saved event sample from `test/events/` (tests may mutate it). */
export function loadEvent(name: string): any {
  return JSON.parse(readFileSync(new URL(`./events/${name}.json`, import.meta.url), 'utf8'));
}

export async function bodyBytes(request: Request): Promise<Buffer | null> {
  return request.body === null ? null : Buffer.from(await request.arrayBuffer());
}
