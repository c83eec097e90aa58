/**
 * Settings shared by every AWS client. Endpoints are not set here on purpose: SDK v3 reads
 * `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_<SERVICE>` itself, so the same build runs
 * against an emulator or real AWS. Standard retry mode backs off on throttling and 5xx.
 */
export function clientConfig(region: string, maxAttempts = 3): { region: string; maxAttempts: number; retryMode: 'standard' } {
  return { region, maxAttempts, retryMode: 'standard' };
}
