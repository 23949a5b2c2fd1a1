import type { SnapshotApp } from '@verity/core';

/**
 * Which app a request is for: the host (lower case, port dropped) and the longest path prefix
 * that matches at a segment boundary (`/app` matches `/app` and `/app/x`, not `/apple`).
 */
export class RouteTable {
  private readonly byHost = new Map<string, SnapshotApp[]>();

  constructor(apps: readonly SnapshotApp[]) {
    for (const app of apps) {
      if (!app.enabled) continue;
      for (const host of app.hosts) {
        const list = this.byHost.get(host) ?? [];
        list.push(app);
        this.byHost.set(host, list);
      }
    }
    for (const list of this.byHost.values()) list.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
  }

  /** The app for a Host header value and a request target (path and query), or undefined. */
  match(hostHeader: string | undefined, target: string): SnapshotApp | undefined {
    if (!hostHeader) return undefined;
    const host = hostOnly(hostHeader);
    const apps = host === undefined ? undefined : this.byHost.get(host);
    if (!apps) return undefined;
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    for (const app of apps) {
      const p = app.pathPrefix;
      if (p === '/' || path === p || (path.startsWith(p) && path.charCodeAt(p.length) === 47 /* '/' */)) return app;
    }
    return undefined;
  }
}

/** The host of a Host header (RFC 9110 §7.2): lower case, without the port; undefined when malformed. */
export function hostOnly(hostHeader: string): string | undefined {
  if (hostHeader.length > 300) return undefined;
  let host = hostHeader.toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end === -1) return undefined;
    host = host.slice(0, end + 1);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) {
      if (!/^\d{1,5}$/.test(host.slice(colon + 1))) return undefined;
      host = host.slice(0, colon);
    }
  }
  return /^[a-z0-9.\-[\]:]+$/.test(host) ? host : undefined;
}
