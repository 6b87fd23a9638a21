// A stand-in for dist/bootstrap, used by test-images.sh only while the real runtime bundle is not
// built: the smallest loop that honours the Runtime API contract for one buffered handler. It uses
// only what Node and Bun both have (fetch, dynamic import). Never copied into an app's dist/.
const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime`;
const [file, name] = (process.env._HANDLER ?? 'index.handler').split('.');
globalThis.awslambda = { streamifyResponse: (fn) => fn };
const module = await import(`${process.env.LAMBDA_TASK_ROOT}/${file}.mjs`);
for (;;) {
  const next = await fetch(`${api}/invocation/next`);
  const id = next.headers.get('lambda-runtime-aws-request-id');
  const deadline = Number(next.headers.get('lambda-runtime-deadline-ms'));
  const event = await next.json();
  const context = {
    awsRequestId: id,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  const result = await module[name](event, context);
  await fetch(`${api}/invocation/${id}/response`, { method: 'POST', body: JSON.stringify(result) });
}
