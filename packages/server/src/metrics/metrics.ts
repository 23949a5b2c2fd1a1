import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

/** Prometheus metrics of one server instance (own registry, so tests can run several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({ name: 'verity_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const httpDuration = new Histogram({
    name: 'verity_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5], registers: [registry],
  });
  const errors = new Counter({ name: 'verity_errors_total', help: 'Problem responses by code', labelNames: ['code'] as const, registers: [registry] });
  const checkins = new Counter({ name: 'verity_checkins_total', help: 'Device check-ins accepted', registers: [registry] });
  const checkinsRejected = new Counter({ name: 'verity_checkins_rejected_total', help: 'Device check-ins refused', labelNames: ['code'] as const, registers: [registry] });
  const commandResults = new Counter({ name: 'verity_device_command_results_total', help: 'Results devices reported for commands (a failed lock: kind="lock", status="failed")', labelNames: ['kind', 'status'] as const, registers: [registry] });
  const tlsCertificateExpiry = new Gauge({ name: 'verity_tls_certificate_expiry_timestamp_seconds', help: 'When the server TLS certificate in use expires (Unix time)', labelNames: ['source'] as const, registers: [registry] });
  const enrollments = new Counter({ name: 'verity_enrollments_total', help: 'Devices enrolled', labelNames: ['join_type'] as const, registers: [registry] });
  const storeOps = new Gauge({ name: 'verity_store_operation_seconds_total', help: 'Cumulative store time per repository operation', labelNames: ['operation'] as const, registers: [registry] });
  const storeCalls = new Gauge({ name: 'verity_store_operations_total', help: 'Store calls per repository operation', labelNames: ['operation'] as const, registers: [registry] });
  return { registry, httpRequests, httpDuration, errors, checkins, checkinsRejected, commandResults, tlsCertificateExpiry, enrollments, storeOps, storeCalls };
}
export type Metrics = ReturnType<typeof createMetrics>;
