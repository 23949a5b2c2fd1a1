import { VerityError } from '@verity/core';

/**
 * The push services browsers subscribe with (RFC 8030 endpoints as PushSubscription gives them):
 * Chrome and Edge on Android (FCM), Firefox (Mozilla autopush), Safari (Apple), Edge on Windows
 * (WNS). `*.` matches any subdomain. A subscription endpoint is a URL the server later POSTs to:
 * one on any other host would let a portal user make the server call an address of their choice
 * (blind SSRF into the internal network), so only these hosts, and the admin's own
 * (VERITY_PUSH_SERVICE_HOSTS), are accepted.
 */
export const PUSH_SERVICE_HOSTS: readonly string[] = [
  'fcm.googleapis.com', 'android.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
}

/**
 * Why a subscription endpoint is refused, or undefined when it may be used: HTTPS, no credentials,
 * a host of a known push service (the default port; the admin's own hosts may name a port).
 */
export function pushEndpointProblem(endpoint: string, extraHosts: readonly string[]): string | undefined {
  let url: URL;
  try { url = new URL(endpoint); } catch { return 'not a URL'; }
  if (url.protocol !== 'https:') return 'push services are reached over https';
  if (url.username !== '' || url.password !== '') return 'an endpoint carries no credentials';
  const host = url.hostname.toLowerCase();
  if (extraHosts.some((h) => hostMatches(host, h))) return undefined;
  if (!PUSH_SERVICE_HOSTS.some((h) => hostMatches(host, h))) return `${host} is not a known push service (VERITY_PUSH_SERVICE_HOSTS adds one)`;
  if (url.port !== '') return 'push services listen on the default https port';
  return undefined;
}

/** Throws VERITY_PUSH_ENDPOINT_NOT_ALLOWED (naming `$.endpoint`) for an endpoint pushEndpointProblem refuses. */
export function assertPushEndpoint(endpoint: string, extraHosts: readonly string[]): void {
  const problem = pushEndpointProblem(endpoint, extraHosts);
  if (problem !== undefined) {
    throw new VerityError('VERITY_PUSH_ENDPOINT_NOT_ALLOWED', `The push subscription endpoint is not accepted: ${problem}.`, { status: 400, details: [{ path: '$.endpoint', message: problem }] });
  }
}
