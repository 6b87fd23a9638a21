import { run } from '@lambda-engines/runtime';

await run();
