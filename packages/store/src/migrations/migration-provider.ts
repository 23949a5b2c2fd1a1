import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './0001-initial-schema.js';
import * as postureFingerprint from './0002-posture-fingerprint.js';
import * as commandDelivery from './0030-command-delivery.js';
import * as postureCollectedAt from './0031-posture-collected-at.js';
import * as auditKeyedChain from './0032-audit-keyed-chain.js';
import * as outboundMessages from './0033-outbound-messages.js';

/**
 * Migrations are imported statically rather than read from a folder (Kysely's FileMigrationProvider)
 * so they work the same under tsx, vitest and a bundled build. Names sort in apply order.
 */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial-schema': initialSchema, '0002-posture-fingerprint': postureFingerprint,
      '0030-command-delivery': commandDelivery, '0031-posture-collected-at': postureCollectedAt, '0032-audit-keyed-chain': auditKeyedChain, '0033-outbound-messages': outboundMessages,
    };
  },
};
