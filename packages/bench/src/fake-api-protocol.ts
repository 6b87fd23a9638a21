/** Commands the suite sends to the fake Runtime API process. */
export type ApiCommand =
  | { id: number; op: 'reset' }
  | { id: number; op: 'event'; json: string }
  | { id: number; op: 'slow'; bytesPerSecond: number }
  /** `n` more events (-1: unlimited); `notify`: push every response, or when the count reaches it. */
  | { id: number; op: 'serve'; n: number; notify?: 'each' | number }
  | { id: number; op: 'mark' }
  | { id: number; op: 'streams' }
  | { id: number; op: 'exit' };

export interface Mark {
  responses: number;
  errors: number;
  nextServed: number;
  bodyBytes: number;
  at: bigint;
  cpuMicros: number;
}

export interface StreamRecord {
  bytes: number;
  headAt: bigint;
  firstByteAt: bigint;
  eventAt: bigint;
  endAt: bigint;
}
