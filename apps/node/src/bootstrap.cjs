#!/usr/bin/env node
'use strict';
// The runtime's entry (dist/bootstrap, /var/runtime/bootstrap). It only turns on Node's compile cache
// (Node >= 22.1) before loading the runtime, so V8's compiled code for runtime.cjs, written when the
// image was built (prime-compile-cache.cjs), is reused instead of compiled again: about 3 ms of each
// cold start on Node 24. A missing, stale or read-only cache costs nothing; older Node skips it.
require('node:module').enableCompileCache?.(`${__dirname}/compile-cache`);
require('./runtime.cjs');
