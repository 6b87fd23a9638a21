// The Bun sample function, in TypeScript: Bun loads it as it is, nothing to compile.
interface Event {
  name?: string;
}

interface Context {
  functionName: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

interface ResponseStream {
  setContentType(type: string): void;
  write(chunk: string): boolean;
  end(): void;
}

declare const awslambda: {
  streamifyResponse(handler: (event: Event, stream: ResponseStream) => Promise<void>): unknown;
};

export const handler = async (event: Event, context: Context) => {
  console.log('hello from', context.functionName);
  return {
    message: `Hello, ${event?.name ?? 'world'}!`,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis() > 0,
    engine: `bun ${Bun.version}`,
  };
};

export const stream = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  for (let i = 1; i <= 3; i++) {
    responseStream.write(`chunk ${i} for ${event?.name ?? 'world'}\n`);
    await Bun.sleep(50);
  }
  responseStream.end();
});
