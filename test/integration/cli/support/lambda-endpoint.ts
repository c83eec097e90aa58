import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Invoke call as the Lambda API received it. */
export interface RecordedInvocation {
  functionName: string;
  invocationType: string;
  payload: unknown;
}

/** What the stand-in does with an invocation. */
export interface LambdaBehaviour {
  /** Runs a RequestResponse invocation: its value is the answer; a throw is the function's error. */
  requestResponse?(payload: unknown): Promise<unknown>;
  /** Runs an Event invocation after Lambda has answered 202, as the service would. */
  event?(payload: unknown): Promise<unknown>;
  /** The functions that exist (every name when absent); another name gets Lambda's ResourceNotFoundException. */
  knownFunctions?: string[];
}

export interface LambdaEndpoint {
  endpoint: string;
  invocations: RecordedInvocation[];
  /** Resolves once every Event invocation started so far has ended. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations/;

/**
 * A local HTTP server standing in for the Lambda API's Invoke (AWS_ENDPOINT_URL_LAMBDA points the
 * SDK at it): it records each call and answers as Lambda does — 202 and nothing for Event; 200 with
 * the result, or with X-Amz-Function-Error and {errorType, errorMessage} when the function threw.
 * Anything else fails loudly.
 */
export async function startLambdaEndpoint(behaviour: LambdaBehaviour): Promise<LambdaEndpoint> {
  const invocations: RecordedInvocation[] = [];
  const running: Promise<unknown>[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const match = INVOKE_PATH.exec(request.url ?? '');
      if (request.method !== 'POST' || match === null) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `unexpected ${request.method} ${request.url}` }));
        return;
      }
      const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      const payload: unknown = body === '' ? undefined : JSON.parse(body);
      const functionName = decodeURIComponent(match[1] as string);
      invocations.push({ functionName, invocationType, payload });
      if (behaviour.knownFunctions !== undefined && !behaviour.knownFunctions.includes(functionName)) {
        response
          .writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' })
          .end(JSON.stringify({ Type: 'User', message: `Function not found: arn:aws:lambda:us-east-1:111111111111:function:${functionName}` }));
        return;
      }
      if (invocationType === 'Event') {
        response.writeHead(202).end();
        if (behaviour.event !== undefined) running.push(behaviour.event(payload).catch(() => undefined));
        return;
      }
      if (behaviour.requestResponse === undefined) {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no RequestResponse expected' }));
        return;
      }
      behaviour.requestResponse(payload).then(
        (result) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        (error: Error) => response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorType: error.name, errorMessage: error.message })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    settled: async () => {
      await Promise.all(running);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
