import webpush from 'web-push';
import type { ServerContext } from '../context.js';
import { pushEndpointProblem } from './push-endpoints.js';

const SETTINGS_KEY = 'web-push-vapid';

interface VapidKeys { publicKey: string; privateKey: string }

// One key pair per installation, generated once; the private key is sealed with the master key.
const loaded = new WeakMap<object, Promise<VapidKeys>>();

/** The installation's VAPID key pair (RFC 8292), created and stored sealed on first use. */
export function vapidKeys(ctx: Pick<ServerContext, 'store' | 'secretBox'>): Promise<VapidKeys> {
  let p = loaded.get(ctx.store);
  if (!p) {
    p = (async () => {
      const read = async () => {
        const saved = await ctx.store.settings.get(SETTINGS_KEY);
        if (!saved) return undefined;
        const { publicKey, sealedPrivateKey } = JSON.parse(saved) as { publicKey: string; sealedPrivateKey: string };
        return { publicKey, privateKey: ctx.secretBox.open(sealedPrivateKey, SETTINGS_KEY).toString('utf8') };
      };
      const existing = await read();
      if (existing) return existing;
      const fresh = webpush.generateVAPIDKeys();
      // setIfAbsent: when two replicas boot at once, both end up using the first one's keys.
      await ctx.store.settings.setIfAbsent(SETTINGS_KEY, JSON.stringify({ publicKey: fresh.publicKey, sealedPrivateKey: ctx.secretBox.seal(fresh.privateKey, SETTINGS_KEY) }));
      return (await read())!;
    })();
    p.catch(() => loaded.delete(ctx.store));
    loaded.set(ctx.store, p);
  }
  return p;
}

/** Outcome of pushing to one user's subscriptions. */
export interface PushOutcome { delivered: number; removed: number; failed: number }

/**
 * Send a Web Push message (RFC 8030, payload encrypted per RFC 8291 by `web-push`) to every
 * subscription of a user. Subscriptions the push service reports gone (404/410) are removed.
 */
export async function pushToUser(ctx: ServerContext, tenantId: string, userId: string, message: { title: string; body: string; url: string }, options: { topic?: string } = {}): Promise<PushOutcome> {
  const subs = await ctx.store.pushSubscriptions.listForUser(tenantId, userId, { limit: 50 });
  if (subs.length === 0) return { delivered: 0, removed: 0, failed: 0 };
  const keys = await vapidKeys(ctx);
  const outcome: PushOutcome = { delivered: 0, removed: 0, failed: 0 };
  for (const sub of subs) {
    // Checked again at send time: a row stored before the check existed (or written straight into
    // the database) must not make the server call an arbitrary address either.
    const problem = pushEndpointProblem(sub.endpoint, ctx.config.pushServiceHosts);
    if (problem !== undefined) {
      ctx.log.warn({ tenantId, userId, problem }, 'push subscription refused: endpoint not on a push service; removed');
      await ctx.store.pushSubscriptions.removeByEndpoint(tenantId, sub.endpoint);
      outcome.removed++;
      continue;
    }
    try {
      await webpush.sendNotification({ endpoint: sub.endpoint, keys: sub.keys }, JSON.stringify(message), {
        TTL: 24 * 3600,
        ...(options.topic !== undefined ? { topic: options.topic } : {}),
        vapidDetails: { subject: ctx.config.vapidSubject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        timeout: 10_000,
      });
      outcome.delivered++;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) {
        await ctx.store.pushSubscriptions.removeByEndpoint(tenantId, sub.endpoint);
        outcome.removed++;
      } else {
        outcome.failed++;
        ctx.log.warn({ err, tenantId, userId }, 'web push delivery failed');
      }
    }
  }
  return outcome;
}
