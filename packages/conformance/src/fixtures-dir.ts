import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A sample event from fixtures/events (AWS's documented shapes). */
export function sampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}events/${name}.json`, 'utf8'));
}
