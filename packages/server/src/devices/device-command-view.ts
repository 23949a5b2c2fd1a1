import type { DeviceCommand } from '@verity/store';

/** A command's state in the admin's words: issued (queued, not yet fetched), delivered (awaiting its result), succeeded, failed. */
export type CommandState = 'issued' | 'delivered' | 'succeeded' | 'failed';

/** How the API shows a device command: what was sent, when, how often, and what the agent answered. */
export function deviceCommandView(c: DeviceCommand) {
  const state: CommandState = c.status === 'pending' ? 'issued' : c.status;
  return {
    id: c.id, kind: c.kind, state, payload: c.payload,
    issuedAt: c.createdAt,
    /** First delivery; deliveries > 1 means it was offered again after a lease without a result. */
    deliveredAt: c.deliveredAt, deliveries: c.deliveryCount,
    /** While delivered: when it is offered again if no result comes back. */
    redeliverAfter: c.status === 'delivered' ? c.leaseExpiresAt : null,
    completedAt: c.completedAt,
    /** The agent's own words: what it ran, or why it failed. */
    detail: c.resultDetail,
  };
}
export type DeviceCommandView = ReturnType<typeof deviceCommandView>;
