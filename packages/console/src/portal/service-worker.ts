/// <reference lib="webworker" />
// The portal's service worker: shows a Web Push noncompliance notice and opens the portal on click.
// Built by Vite as its own entry (dist/portal-sw.js), served at /portal/sw.js.
// The worker's global scope, typed as what it is (the WebWorker lib types `self` as a plain worker).
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

interface PushMessage { title: string; body: string; url: string }

sw.addEventListener('push', (event) => {
  let message: PushMessage = { title: 'Verity', body: 'Your device needs attention.', url: '/portal' };
  try {
    const data = event.data?.json() as Partial<PushMessage> | undefined;
    if (data) message = { ...message, ...data };
  } catch { /* not JSON: show the generic notice */ }
  event.waitUntil(sw.registration.showNotification(message.title, { body: message.body, data: { url: message.url } }));
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/portal';
  // Only this origin's pages: a push payload cannot send the user elsewhere.
  let target = '/portal';
  try {
    const parsed = new URL(url, sw.location.origin);
    if (parsed.origin === sw.location.origin) target = parsed.pathname + parsed.search;
  } catch { /* not a URL: the portal */ }
  event.waitUntil(sw.clients.openWindow(target));
});

export {};
