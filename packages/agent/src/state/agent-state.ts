import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { VerityError } from '@verity/core';
import { z } from 'zod';
import { ensurePrivateDir, verifyMode, writeFileAtomic } from './secure-file.js';

/** agent.json: what the agent learnt at enrollment. */
export const agentConfigSchema = z
  .object({
    serverUrl: z.url().max(2048),
    deviceId: z.string().min(1).max(128),
    tenantId: z.string().min(1).max(128),
    checkinIntervalSeconds: z.number().int().min(10).max(86_400),
    enrolledAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** last-checkin.json: the outcome of the most recent check-in attempt, for `status`. */
export const lastCheckinSchema = z
  .object({
    at: z.iso.datetime({ offset: true }),
    ok: z.boolean(),
    complianceState: z.string().max(64).optional(),
    error: z.string().max(512).optional(),
  })
  .strict();
export type LastCheckin = z.infer<typeof lastCheckinSchema>;

/** A command's outcome, reported right after it ran (or on the next check-in if that fails) (contract: commandResults). */
export const commandResultSchema = z
  .object({ commandId: z.string().max(128), status: z.enum(['succeeded', 'failed']), detail: z.string().max(1024).optional() })
  .strict();
export type CommandResult = z.infer<typeof commandResultSchema>;

/**
 * A command id the agent has run (or started to run), with its result once known. Recorded before
 * the command runs: a command the server offers again (its acknowledgement was lost) is never run
 * twice; its recorded result is reported again instead.
 */
export const executedCommandSchema = z
  .object({ commandId: z.string().max(128), startedAt: z.iso.datetime({ offset: true }), result: commandResultSchema.optional() })
  .strict();
export type ExecutedCommand = z.infer<typeof executedCommandSchema>;

/** How many executed command ids the agent remembers (oldest forgotten first); far more than a server keeps pending. */
export const EXECUTED_COMMANDS_KEPT = 500;

/** A renewal in progress: the new key and its CSR, kept until the renewed certificate is saved. */
export interface PendingRenewal { readonly keyPem: string; readonly csrPem: string }

export const STATE_FILES = {
  key: 'key.pem',
  cert: 'cert.pem',
  ca: 'ca.pem',
  config: 'agent.json',
  lastCheckin: 'last-checkin.json',
  pendingResults: 'pending-command-results.json',
  executedCommands: 'executed-commands.json',
  renewKey: 'renew-key.pem',
  renewCsr: 'renew-csr.pem',
  serverCa: 'server-ca.pem',
  spool: 'spool',
} as const;

export interface DeviceCredentials {
  readonly keyPem: string;
  readonly certPem: string;
  readonly caPem: string;
  /**
   * Extra trust anchors for the server's TLS certificate, when the admin serves one from another CA
   * (VERITY_TLS_CERT); given at enrollment with --server-ca. The device CA stays pinned for the rest.
   */
  readonly serverCaPem?: string;
}

/** Files under the state directory. Secrets are 0600, the directory 0700. */
export interface AgentStateStore {
  readonly dir: string;
  readConfig(): Promise<AgentConfig>;
  readCredentials(): Promise<DeviceCredentials>;
  /** Persist a freshly enrolled identity (key, cert, CA, config). */
  saveEnrollment(config: AgentConfig, credentials: DeviceCredentials): Promise<void>;
  /** Replace key and certificate after renewal; the CA may have rotated too. */
  saveCredentials(credentials: DeviceCredentials): Promise<void>;
  readLastCheckin(): Promise<LastCheckin | undefined>;
  saveLastCheckin(last: LastCheckin): Promise<void>;
  readPendingResults(): Promise<CommandResult[]>;
  savePendingResults(results: readonly CommandResult[]): Promise<void>;
  readExecutedCommands(): Promise<ExecutedCommand[]>;
  /** Replaces the remembered command ids (the newest EXECUTED_COMMANDS_KEPT are kept). */
  saveExecutedCommands(commands: readonly ExecutedCommand[]): Promise<void>;
  readPendingRenewal(): Promise<PendingRenewal | undefined>;
  /** Persist the key and CSR of a renewal before sending it (null clears it once the certificate is saved). */
  savePendingRenewal(renewal: PendingRenewal | null): Promise<void>;
  /** Delete the identity and all state (retire). */
  wipe(): Promise<void>;
}

/** Open the state store in `dir`. */
export function createAgentStateStore(dir: string): AgentStateStore {
  const file = (name: string) => join(dir, name);
  const readJson = async <T>(name: string, schema: z.ZodType<T>): Promise<T | undefined> => {
    let text: string;
    try {
      text = await readFile(file(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new VerityError('VERITY_AGENT_STATE_CORRUPT', `${file(name)} is not valid`, {
        status: 500,
        details: parsed.error.issues.map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message })),
      });
    }
    return parsed.data;
  };
  const notEnrolled = () =>
    new VerityError('VERITY_AGENT_NOT_ENROLLED', `no enrollment in ${dir}; run 'verity-agent enroll' first`, {
      status: 409,
      details: [{ path: '$', message: `${file(STATE_FILES.config)} does not exist` }],
    });
  const saveCredentials = async (c: DeviceCredentials) => {
    await ensurePrivateDir(dir);
    await writeFileAtomic(file(STATE_FILES.key), c.keyPem, 0o600);
    await writeFileAtomic(file(STATE_FILES.cert), c.certPem, 0o600);
    await writeFileAtomic(file(STATE_FILES.ca), c.caPem, 0o644);
    if (c.serverCaPem !== undefined) await writeFileAtomic(file(STATE_FILES.serverCa), c.serverCaPem, 0o644);
  };
  const readOptional = async (name: string): Promise<string | undefined> => {
    try {
      return await readFile(file(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  return {
    dir,
    async readConfig() {
      const config = await readJson(STATE_FILES.config, agentConfigSchema);
      if (config === undefined) throw notEnrolled();
      return config;
    },
    async readCredentials() {
      try {
        // Refuse to use a key someone widened: it may have been read by other users.
        await verifyMode(file(STATE_FILES.key), 0o600);
        const [keyPem, certPem, caPem] = await Promise.all(
          [STATE_FILES.key, STATE_FILES.cert, STATE_FILES.ca].map((n) => readFile(file(n), 'utf8')),
        );
        const serverCaPem = await readOptional(STATE_FILES.serverCa);
        return { keyPem: keyPem!, certPem: certPem!, caPem: caPem!, ...(serverCaPem === undefined ? {} : { serverCaPem }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notEnrolled();
        throw error;
      }
    },
    async saveEnrollment(config, credentials) {
      await saveCredentials(credentials);
      await writeFileAtomic(file(STATE_FILES.config), `${JSON.stringify(config, null, 2)}\n`, 0o600);
    },
    saveCredentials,
    readLastCheckin: () => readJson(STATE_FILES.lastCheckin, lastCheckinSchema),
    saveLastCheckin: (last) => writeFileAtomic(file(STATE_FILES.lastCheckin), JSON.stringify(last), 0o600),
    async readPendingResults() {
      return (await readJson(STATE_FILES.pendingResults, z.array(commandResultSchema).max(1000))) ?? [];
    },
    async savePendingResults(results) {
      if (results.length === 0) await rm(file(STATE_FILES.pendingResults), { force: true });
      else await writeFileAtomic(file(STATE_FILES.pendingResults), JSON.stringify(results.slice(-1000)), 0o600);
    },
    async readExecutedCommands() {
      return (await readJson(STATE_FILES.executedCommands, z.array(executedCommandSchema).max(EXECUTED_COMMANDS_KEPT))) ?? [];
    },
    async saveExecutedCommands(commands) {
      await writeFileAtomic(file(STATE_FILES.executedCommands), JSON.stringify(commands.slice(-EXECUTED_COMMANDS_KEPT)), 0o600);
    },
    async readPendingRenewal() {
      const [keyPem, csrPem] = await Promise.all([readOptional(STATE_FILES.renewKey), readOptional(STATE_FILES.renewCsr)]);
      return keyPem !== undefined && csrPem !== undefined ? { keyPem, csrPem } : undefined;
    },
    async savePendingRenewal(renewal) {
      if (renewal === null) {
        await rm(file(STATE_FILES.renewCsr), { force: true });
        await rm(file(STATE_FILES.renewKey), { force: true });
        return;
      }
      await ensurePrivateDir(dir);
      await writeFileAtomic(file(STATE_FILES.renewKey), renewal.keyPem, 0o600);
      await writeFileAtomic(file(STATE_FILES.renewCsr), renewal.csrPem, 0o600);
    },
    async wipe() {
      for (const name of Object.values(STATE_FILES)) await rm(file(name), { recursive: true, force: true });
    },
  };
}
