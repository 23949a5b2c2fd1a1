import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './0001-initial-schema.js';
import * as postureFingerprint from './0002-posture-fingerprint.js';
import * as deviceCategory from './0010-device-category.js';
import * as deviceHardwareIdentity from './0020-device-hardware-identity.js';
import * as tenantStatusAndOperators from './0021-tenant-status-and-operators.js';
import * as identity from './0040-identity.js';
import * as consoleReportIndexes from './0060-console-report-indexes.js';
import * as deviceFailingSettings from './0061-device-failing-settings.js';
import * as gatewayApps from './0050-gateway-apps.js';
import * as sharedSignals from './0051-shared-signals.js';
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
    return {
      '0001-initial-schema': initialSchema,
      '0002-posture-fingerprint': postureFingerprint,
      '0010-device-category': deviceCategory,
      '0020-device-hardware-identity': deviceHardwareIdentity,
      '0021-tenant-status-and-operators': tenantStatusAndOperators,
      '0030-command-delivery': commandDelivery,
      '0031-posture-collected-at': postureCollectedAt,
      '0032-audit-keyed-chain': auditKeyedChain,
      '0033-outbound-messages': outboundMessages,
      '0040-identity': identity,
      '0050-gateway-apps': gatewayApps,
      '0051-shared-signals': sharedSignals,
      '0060-console-report-indexes': consoleReportIndexes,
      '0061-device-failing-settings': deviceFailingSettings,
    };
  },
};
