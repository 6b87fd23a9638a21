// Run by `bun` from bun.test.ts: the scenarios against the built dist, as JSON on stdout.
import * as lib from '../dist/index.js';
import { runScenarios } from './scenarios.ts';

process.stdout.write(JSON.stringify(await runScenarios(lib as never)));
