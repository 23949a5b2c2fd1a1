import type { ServerContext } from '../context.js';

/** A tenant named by its id or its domain (what users type when they sign in or register). */
export async function findTenant(ctx: ServerContext, idOrDomain: string) {
  return (await ctx.store.tenants.get(idOrDomain)) ?? (await ctx.store.tenants.findByDomain(idOrDomain.toLowerCase()));
}
