import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one gateway (its own registry, so that tests can run several). */
export function createGatewayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'verity_gateway_' });
  const requests = new Counter({ name: 'verity_gateway_requests_total', help: 'Requests by outcome: forwarded, or the refusal code', labelNames: ['outcome'] as const, registers: [registry] });
  const snapshotSequence = new Gauge({ name: 'verity_gateway_snapshot_version', help: 'Sequence number of the snapshot version held (epoch in the info metric)', registers: [registry] });
  const snapshotInfo = new Gauge({ name: 'verity_gateway_snapshot_info', help: 'The snapshot version held, as a label (value 1)', labelNames: ['version', 'tenant'] as const, registers: [registry] });
  const snapshotAge = new Gauge({ name: 'verity_gateway_snapshot_age_seconds', help: 'Seconds since the last snapshot or delta was applied', registers: [registry] });
  const controlPlaneConnected = new Gauge({ name: 'verity_gateway_control_plane_connected', help: '1 while the snapshot channel is up', registers: [registry] });
  const failedClosed = new Gauge({ name: 'verity_gateway_failed_closed', help: '1 while the gateway refuses everything for lack of the control plane', registers: [registry] });
  const openStreams = new Gauge({ name: 'verity_gateway_open_streams', help: 'Open WebSockets and event streams', registers: [registry] });
  const streamsClosed = new Counter({ name: 'verity_gateway_streams_closed_total', help: 'Streams closed because access changed (continuous access evaluation)', registers: [registry] });
  const deltas = new Counter({ name: 'verity_gateway_snapshot_deltas_total', help: 'Deltas applied', registers: [registry] });
  const signInsSent = new Counter({ name: 'verity_gateway_sign_ins_sent_total', help: 'Sign-in log entries accepted by the control plane', registers: [registry] });
  return { registry, requests, snapshotSequence, snapshotInfo, snapshotAge, controlPlaneConnected, failedClosed, openStreams, streamsClosed, deltas, signInsSent };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
