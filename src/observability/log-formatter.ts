import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

// Keys that hold secret values; keys naming a secret (passwordSecret, secretArn) are references, kept.
const SECRET_KEY = /(password|passwd|pwd|credentials?|authorization|secretstring|secretvalue)$/i;
const MAX_DEPTH = 8;

/**
 * Masks values under keys that look like secrets, however deep, and reduces errors to their name,
 * message and cause: a last line of defence, applied to every field of every line. Errors carry no
 * stack on purpose: the message says what happened, and a stack adds nothing an operator acts on.
 */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.cause !== undefined ? { cause: maskSecrets(value.cause, depth + 1) } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && typeof inner !== 'boolean' ? '***' : maskSecrets(inner, depth + 1);
  }
  return out;
}

/**
 * Powertools' standard line (level, message, timestamp, service, cold_start, function_name,
 * function_request_id, …) with every caller-given field masked, and the time from the runtime's
 * clock (virtual in local runs, so a day-long refresh logs its own timeline). Powertools does not
 * export its default formatter, so the standard keys are listed here as its documentation gives them.
 */
export class RedactingLogFormatter extends LogFormatter {
  public constructor(private readonly clock: () => Date) {
    super();
  }

  public override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(this.clock()),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(maskSecrets(additional) as LogAttributes);
  }
}
