/**
 * The environment that makes a Lambda Node.js function trust the RDS certificate authorities,
 * for every function that opens a TLS session to a replica (the replica plan, the extract).
 *
 * From Node.js 20 on, Lambda no longer loads Amazon's CA certificates by default; the runtime
 * ships them, RDS's included, in `/var/runtime/ca-cert.pem`, and `NODE_EXTRA_CA_CERTS` pointing
 * there adds them to Node's store (AWS Lambda Developer Guide, "Building Lambda functions with
 * Node.js", section "CA certificate loading":
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html). The runtime's file is kept
 * current by AWS, so no RDS bundle ships with the code; Node reads it once, at start, which only
 * the cold start pays.
 *
 * @example
 * ```ts
 * pipelineFunction(this, 'Extract', { ..., environment: { ...RDS_CA_TRUST_ENVIRONMENT, CURATED_BUCKET: bucket } });
 * ```
 */
export const RDS_CA_TRUST_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
};
