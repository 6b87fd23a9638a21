// The sample function: a buffered handler and a streaming one, as a user of the managed runtime writes them.
export const handler = async (event, context) => {
  console.log('hello from', context.functionName);
  return {
    message: `Hello, ${event?.name ?? 'world'}!`,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis() > 0,
    engine: typeof Bun === 'undefined' ? `node ${process.version}` : `bun ${Bun.version}`,
  };
};

export const stream = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  for (let i = 1; i <= 3; i++) {
    responseStream.write(`chunk ${i} for ${event?.name ?? 'world'}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  responseStream.end();
});
