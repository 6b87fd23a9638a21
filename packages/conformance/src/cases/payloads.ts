import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { response, responseJson } from '../expect.ts';

const text = 'héllo wörld — 你好, мир 👋🏽 \u0000 "quoted" \\ back\nslash';

export const payloadCases: ConformanceCase[] = [
  {
    name: '5 MB buffered response',
    js: { fixture: 'js/handlers', handler: 'basic.bigResponse' },
    python: { fixture: 'python/handlers', handler: 'basic.big_response' },
    events: [{ event: { bytes: 5 * 1024 * 1024 } }],
    check: (r) => {
      const request = response(r);
      assert.equal(request.body.length, 5 * 1024 * 1024 + 2, 'a JSON string of 5 MiB');
      assert.equal(responseJson(r), 'x'.repeat(5 * 1024 * 1024));
    },
  },
  {
    name: '5 MB event',
    js: { fixture: 'js/handlers', handler: 'basic.eventSize' },
    python: { fixture: 'python/handlers', handler: 'basic.event_size' },
    events: [{ event: { data: `${'e'.repeat(5 * 1024 * 1024 - 8)}12345678` } }],
    check: (r) => {
      const got = responseJson(r) as { length: number; tail: string };
      assert.equal(got.tail, '12345678');
      assert.ok(got.length >= 5 * 1024 * 1024);
    },
  },
  {
    name: 'unicode round trip in event and response',
    js: { fixture: 'js/handlers', handler: 'basic.unicode' },
    python: { fixture: 'python/handlers', handler: 'basic.unicode' },
    events: [{ event: { text } }],
    check: (r) => {
      const got = responseJson(r) as { text: string; reversed: string; length: number };
      assert.equal(got.text, text);
      assert.equal(got.reversed, [...text].reverse().join(''));
      assert.equal(got.length, [...text].length);
    },
  },
];
