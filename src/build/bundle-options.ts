import { join } from 'node:path';

/**
 * The esbuild options of the deployed bundle, as serverless.yml's custom.esbuild sets them; the
 * benchmark builds with these to measure what is deployed. The AWS SDK v3 is left to the Lambda
 * runtime (nodejs22.x ships it), as the AWS CDK does by default: the bundle stays small and its
 * cold start short. Set BUNDLE_AWS_SDK=true to ship the pinned SDK inside the bundle instead.
 */
export function bundleOptions(rootDir: string, bundleAwsSdk = process.env.BUNDLE_AWS_SDK === 'true') {
  return {
    entryPoints: [join(rootDir, 'src/handler.ts')],
    bundle: true,
    platform: 'node' as const,
    target: 'node22',
    format: 'cjs' as const,
    minify: true,
    sourcemap: true,
    external: ['pg-native', ...(bundleAwsSdk ? [] : ['@aws-sdk/*'])],
    plugins: require(join(rootDir, 'src/build/esbuild-plugins.cjs')) as import('esbuild').Plugin[],
  };
}
