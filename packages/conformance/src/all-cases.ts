import type { ConformanceCase } from './case-types.ts';
import { callbackCases } from './cases/callbacks.ts';
import { contextCases } from './cases/context.ts';
import { fetchHandlerCases } from './cases/fetch-handlers.ts';
import { handlerFormCases } from './cases/handler-forms.ts';
import { initErrorCases } from './cases/init-errors.ts';
import { invocationErrorCases } from './cases/invocation-errors.ts';
import { logCases } from './cases/logs.ts';
import { payloadCases } from './cases/payloads.ts';
import { streamingCases } from './cases/streaming.ts';
import { uncaughtCases } from './cases/uncaught.ts';

export const allCases: readonly ConformanceCase[] = [
  ...handlerFormCases,
  ...initErrorCases,
  ...invocationErrorCases,
  ...callbackCases,
  ...contextCases,
  ...payloadCases,
  ...streamingCases,
  ...logCases,
  ...uncaughtCases,
  ...fetchHandlerCases,
];
