import { join } from 'node:path';
import type { PostureReport } from '@verity/core';
import { createDeviceApiClient, type DeviceApiClient } from '../client/device-api-client.js';
import { isRetryable, isUntrustedServer } from '../client/https-json.js';
import type { CheckinResponse } from '../client/wire-schemas.js';
import { certificateValidity, needsRenewal } from '../enrollment/certificate-request.js';
import type { HostProbe } from '../host/host-probe.js';
import type { Logger } from '../log/logger.js';
import type { AgentConfig, AgentStateStore, CommandResult } from '../state/agent-state.js';
import { STATE_FILES } from '../state/agent-state.js';
import { delayAfterFailure, delayAfterSuccess } from './checkin-schedule.js';
import { runOfferedCommands } from './device-commands.js';
import { renewCertificate } from './certificate-renewal.js';
import { createReportSpool, DEFAULT_SPOOL_LIMITS, type ReportSpool, type SpoolLimits } from './report-spool.js';

/** Exit codes of `verity-agent run`. 3 tells systemd (RestartPreventExitStatus=3) not to restart. */
export const EXIT = { ok: 0, error: 1, stoppedByServer: 3 } as const;

export interface CheckinLoopOptions {
  readonly state: AgentStateStore;
  readonly collect: (now: Date) => Promise<PostureReport>;
  readonly probe: HostProbe;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly random: () => number;
  /** Resolve after `ms` or as soon as `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted by SIGINT/SIGTERM: the current check-in finishes, then the loop returns 0. */
  readonly signal: AbortSignal;
  readonly once?: boolean;
  /** Overrides the server's interval (seconds). */
  readonly intervalSeconds?: number;
  readonly spoolLimits?: SpoolLimits;
  readonly notify?: (message: string) => void;
  /** Injected for tests; defaults to the mTLS client. */
  readonly clientFactory?: typeof createDeviceApiClient;
}

/** Outcome of one check-in cycle. */
type CycleOutcome =
  | { kind: 'ok'; nextSeconds: number }
  | { kind: 'retry' }
  /** The server's certificate cannot be verified: not an outage, tried again at the normal interval. */
  | { kind: 'untrusted' }
  | { kind: 'stop'; exitCode: number };

/** Statuses that refuse one particular report (invalid, too large), not the device. */
const REPORT_REFUSED = new Set([400, 413, 422]);

/** Device/credential states after which retrying cannot help (contract: 403 on the check-in). */
const STOP_CODES = new Set(['VERITY_DEVICE_REVOKED', 'VERITY_DEVICE_RETIRED']);

/** The server refused command results: for commands it never delivered to this device, or already acknowledged. */
const RESULTS_REFUSED = new Set(['VERITY_COMMAND_RESULT_UNKNOWN', 'VERITY_COMMAND_RESULT_REPLAYED']);

/** The results a refusal names (`$.commandResults[i]…`); all of them when it names none. */
function refusedResults(error: unknown, sent: readonly CommandResult[]): Set<string> {
  const details = (error as { details?: readonly { path: string }[] }).details ?? [];
  const indexes = details.map((d) => /^\$\.commandResults\[(\d+)\]/.exec(d.path)?.[1]).filter((x): x is string => x !== undefined).map(Number);
  const named = indexes.length > 0 ? indexes.map((i) => sent[i]?.commandId).filter((x): x is string => x !== undefined) : sent.map((r) => r.commandId);
  return new Set(named);
}

/**
 * The check-in loop: collect, flush the spool oldest first, send the fresh report with the
 * pending command results, run returned commands and report their results at once, renew the certificate when due, sleep.
 * Reports that cannot be sent because the server is unreachable (network, 5xx, 429) go to
 * the spool; nothing is lost across restarts. Returns the process exit code.
 */
export async function runCheckinLoop(options: CheckinLoopOptions): Promise<number> {
  const { state, logger } = options;
  const config = await state.readConfig();
  const spool = createReportSpool(join(state.dir, STATE_FILES.spool), logger, options.spoolLimits ?? DEFAULT_SPOOL_LIMITS);
  const client = (options.clientFactory ?? createDeviceApiClient)(config.serverUrl, await state.readCredentials());
  let failures = 0;
  try {
    for (;;) {
      const outcome = await checkinCycle(options, config, client, spool);
      if (outcome.kind === 'stop') return outcome.exitCode;
      if (options.once === true) return outcome.kind === 'ok' ? EXIT.ok : EXIT.error;
      if (options.signal.aborted) break;
      let delay: number;
      if (outcome.kind === 'ok') {
        failures = 0;
        delay = delayAfterSuccess(options.intervalSeconds ?? outcome.nextSeconds, options.random);
      } else if (outcome.kind === 'untrusted') {
        failures = 0;
        delay = delayAfterSuccess(options.intervalSeconds ?? config.checkinIntervalSeconds, options.random);
      } else {
        failures++;
        delay = delayAfterFailure(failures, options.random);
        logger.info('server unreachable; backing off', { failures, retryInSeconds: Math.round(delay / 1000) });
      }
      await options.sleep(delay, options.signal);
      if (options.signal.aborted) break;
    }
    logger.info('stopping on signal');
    return EXIT.ok;
  } finally {
    client.close();
  }
}

/** Check-ins that carry command results right after the commands ran, per cycle (then the next cycle). */
const RESULT_ROUNDS = 3;

/**
 * Send a report with the command results pending on disk; cleared once the server took them.
 * Results the server does not take (already recorded, its answer to an earlier check-in lost; or
 * for a command it never sent here) are dropped and the report is sent again without them.
 */
async function checkinWithResults(client: DeviceApiClient, report: PostureReport, state: AgentStateStore, logger: Logger): Promise<CheckinResponse> {
  let pendingResults: CommandResult[] = await state.readPendingResults();
  let response: CheckinResponse;
  try {
    response = await client.checkin(report, pendingResults);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !RESULTS_REFUSED.has(code) || pendingResults.length === 0) throw error;
    const refused = refusedResults(error, pendingResults);
    logger.warn('the server refused command results; dropped them', { code, commandIds: [...refused] });
    pendingResults = pendingResults.filter((r) => !refused.has(r.commandId));
    await state.savePendingResults(pendingResults);
    response = await client.checkin(report, pendingResults);
  }
  await state.savePendingResults([]);
  return response;
}

async function checkinCycle(options: CheckinLoopOptions, config: AgentConfig, client: DeviceApiClient, spool: ReportSpool): Promise<CycleOutcome> {
  const { state, logger } = options;
  const report = await options.collect(options.now());
  let lastResponse: CheckinResponse | undefined;
  /** Commands offered by any check-in of this cycle (buffered reports' answers carry them too). */
  const offered: CheckinResponse['commands'] = [];
  const handle = async (error: unknown, pending: PostureReport | undefined): Promise<CycleOutcome> => {
    const e = error as { code?: string; status?: number; message?: string };
    await state.saveLastCheckin({ at: options.now().toISOString(), ok: false, error: `${e.code ?? 'ERROR'}: ${String(e.message ?? error)}`.slice(0, 512) });
    if (e.code !== undefined && STOP_CODES.has(e.code)) {
      logger.error('the server revoked or retired this device; the agent stops. Re-enroll to use it again.', { code: e.code, deviceId: config.deviceId });
      return { kind: 'stop', exitCode: EXIT.stoppedByServer };
    }
    if (isUntrustedServer(error)) {
      // Loud, and not an outage to back off from: an expired or replaced server certificate needs an
      // admin. The report is kept (never sent to a server that cannot prove it is the Verity server).
      if (pending !== undefined) await spool.add(pending);
      logger.error('the server certificate cannot be verified against the Verity CA this device trusts; no check-in until it is fixed (renew or replace the server certificate, or re-enroll with --server-ca)', {
        code: e.code, detail: e.message, serverUrl: config.serverUrl,
      });
      return { kind: 'untrusted' };
    }
    if (isRetryable(error)) {
      if (pending !== undefined) await spool.add(pending);
      logger.warn('check-in failed; report buffered', { code: e.code, status: e.status });
      return { kind: 'retry' };
    }
    // Anything else (400 validation, 401 certificate, 413 size) will not change by resending
    // the same report: log it and try again later with a fresh one.
    const hint = e.code === 'VERITY_DEVICE_CERT_SUPERSEDED' ? 'the certificate was replaced by a renewal this agent did not save; re-enroll the device'
      : e.status === 401 ? 'the device certificate is not accepted; if it expired, re-enroll the device' : undefined;
    logger.error('check-in rejected', { code: e.code, status: e.status, detail: e.message, ...(hint === undefined ? {} : { hint }) });
    return { kind: 'retry' };
  };

  // 0. A renewal whose answer was lost: the server already refuses the old certificate; fetch the new one first.
  if ((await state.readPendingRenewal()) !== undefined) {
    try {
      await renewCertificate(state, client, config.deviceId, logger);
    } catch (error) {
      return handle(error, report);
    }
  }

  // 1. Buffered reports first, oldest first: the server keeps them as history.
  for (const entry of await spool.list()) {
    const buffered = await spool.read(entry);
    if (buffered === undefined) continue;
    try {
      lastResponse = await client.checkin(buffered, []);
      offered.push(...lastResponse.commands);
      await spool.remove(entry);
      logger.info('sent a buffered posture report', { entry: entry.name, collectedAt: buffered.collectedAt });
    } catch (error) {
      if (REPORT_REFUSED.has(Number((error as { status?: unknown }).status))) {
        // The server refuses this particular report (e.g. too old, too large): drop it, do not block the queue.
        logger.warn('dropped a buffered report the server refused', { entry: entry.name, code: (error as { code?: unknown }).code });
        await spool.remove(entry);
        continue;
      }
      return handle(error, report);
    }
  }

  // 2. The fresh report, with results of commands run since the last successful check-in.
  try {
    lastResponse = await checkinWithResults(client, report, state, logger);
  } catch (error) {
    return handle(error, report);
  }
  offered.push(...lastResponse.commands);
  await state.saveLastCheckin({ at: options.now().toISOString(), ok: true, complianceState: lastResponse.complianceState });
  logger.info('checked in', { deviceId: lastResponse.deviceId, complianceState: lastResponse.complianceState, commands: offered.length });

  // 3. Commands: each id run at most once. Their results go back at once with a fresh report (an
  // admin who locks a device sees "failed: …" in seconds, not one check-in interval later), and the
  // commands that answer offers are run in turn, for a few rounds; what is left waits for the next cycle.
  let toRun = offered;
  for (let round = 0; ; round++) {
    const ran = await runOfferedCommands(toRun, state, {
      probe: options.probe, logger, notify: options.notify ?? ((m) => process.stdout.write(`${m}\n`)),
    }, options.now);
    if (ran.retire) {
      logger.warn('retire command received: deleting the device key, certificate and state', { deviceId: config.deviceId });
      await state.wipe();
      return { kind: 'stop', exitCode: EXIT.ok };
    }
    if (ran.results.length === 0 || round >= RESULT_ROUNDS) break;
    try {
      lastResponse = await checkinWithResults(client, await options.collect(options.now()), state, logger);
    } catch (error) {
      // Kept on disk: the next cycle's check-in carries them.
      logger.warn('command results not sent yet; they go with the next check-in', { code: (error as { code?: unknown }).code, status: (error as { status?: unknown }).status });
      break;
    }
    await state.saveLastCheckin({ at: options.now().toISOString(), ok: true, complianceState: lastResponse.complianceState });
    logger.info('reported command results', { results: ran.results.length, commands: lastResponse.commands.length });
    toRun = lastResponse.commands;
  }

  // 4. Certificate renewal: when the server asks or a third of the lifetime is left.
  const credentials = await state.readCredentials();
  if (lastResponse.renewCertificate || needsRenewal(certificateValidity(credentials.certPem), options.now())) {
    try {
      await renewCertificate(state, client, config.deviceId, logger);
    } catch (error) {
      logger.error('certificate renewal failed; will retry on the next check-in', { code: (error as { code?: unknown }).code });
    }
  }
  return { kind: 'ok', nextSeconds: lastResponse.nextCheckinSeconds };
}
