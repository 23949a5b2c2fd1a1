// Web Push opt-in for noncompliance notices (RFC 8030/8291/8292): the browser subscribes with the
// installation's VAPID key and the subscription is stored for the signed-in user.
import { api, unwrap } from '../api/client';

/** Whether this browser can receive Web Push at all. */
export function pushSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined' && 'PushManager' in window;
}

/** The VAPID key's bytes from its base64url text (applicationServerKey). */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Register the portal's service worker, subscribe, and store the subscription on the server. */
export async function subscribeToPush(): Promise<void> {
  const registration = await navigator.serviceWorker.register('/portal/sw.js', { scope: '/portal' });
  const { publicKey } = await unwrap(api.GET('/api/v1/push/vapid-public-key'));
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) });
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) throw new Error('The browser returned an incomplete push subscription.');
  await unwrap(api.POST('/api/v1/me/push-subscriptions', { body: { endpoint: json.endpoint, expirationTime: json.expirationTime ?? null, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } } }));
}
