export { startGateway, type RunningGateway, type StartGatewayOptions } from './gateway.js';
export { loadGatewayConfig, gatewayConfigSchema, type GatewayConfig } from './config/gateway-config.js';
export { inProcessTransport, type InProcessFeed } from './transport/in-process-transport.js';
export { httpsStreamTransport } from './transport/https-stream-transport.js';
export type { SnapshotTransport, TransportHandlers } from './transport/snapshot-transport.js';
export { startSampleApp, type SampleApp } from './demo/sample-app.js';
export { identityAssertionVerifier, type VerifiedIdentity, type AssertionProblem } from './upstream/identity-assertion-verifier.js';
export { GATEWAY_REFUSALS, type GatewayRefusalCode } from './refusal/refusal-codes.js';
export { SESSION_COOKIE } from './refusal/send-refusal.js';
