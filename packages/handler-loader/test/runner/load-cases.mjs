// Loads each case with the BUILT loader and prints one JSON object of outcomes, so the same cases run
// under `node` and `bun` and compare. Usage: <engine> load-cases.mjs <dist-index-url> <cases.json>
// where cases.json is { "root": "<fixtures copy>", "cases": [{ "id", "taskRoot", "handler" }] }.
import { readFileSync } from 'node:fs';

const [distUrl, casesFile] = process.argv.slice(2);
const { loadHandler, HandlerLoadError } = await import(distUrl);
const { root, loaderPath, cases } = JSON.parse(readFileSync(casesFile, 'utf8'));

const clean = (text) =>
  typeof text === 'string' ? text.split(root).join('<root>').split(loaderPath).join('<loader>') : text;

function describeError(err) {
  if (!(err instanceof Error)) return { thrown: typeof err, value: String(err) };
  return {
    name: err.name,
    code: err.code,
    message: clean(err.message),
    stack: clean(err.stack ?? '')
      .split('\n')
      .slice(0, 6),
    isHandlerLoadError: err instanceof HandlerLoadError,
    causeName: err.cause instanceof Error ? err.cause.name : undefined,
  };
}

const outcomes = {};
for (const { id, taskRoot, handler } of cases) {
  try {
    const loaded = await loadHandler({ taskRoot, handler });
    let result;
    let kind;
    if (typeof loaded.handler === 'function') {
      kind = 'function';
      result = await loaded.handler({ from: 'runner' }, {});
    } else {
      kind = 'fetch-object';
      const response = await loaded.handler.fetch(new Request('http://127.0.0.1/path'));
      result = await response.text();
    }
    outcomes[id] = {
      ok: true,
      kind,
      result,
      modulePath: clean(loaded.modulePath),
      moduleRoot: clean(loaded.moduleRoot),
      handlerName: loaded.handlerName,
    };
  } catch (err) {
    outcomes[id] = { ok: false, error: describeError(err) };
  }
}
process.stdout.write(JSON.stringify(outcomes));
