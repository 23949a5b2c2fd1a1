import { readFile } from 'node:fs/promises';
import { VerityError } from '@verity/core';
import type { EnrollmentCredentials } from '../client/device-api-client.js';
import { normaliseFingerprint } from '../enrollment/certificate-request.js';
import { enrollDevice, type CaTrust } from '../enrollment/enroll-device.js';
import { collectPosture } from '../posture/collect-posture.js';
import { collectHardwareIdentity } from '../posture/hardware-identity.js';
import { createAgentStateStore } from '../state/agent-state.js';
import type { AgentContext } from './agent-context.js';

export interface EnrollFlags {
  server: string;
  token?: string;
  user?: string;
  passwordStdin?: boolean;
  tenant?: string;
  caFingerprint?: string;
  caFile?: string;
  insecureTrustOnFirstUse?: boolean;
  /** PEM of the CA that issued the server's own TLS certificate, when the admin serves one (VERITY_TLS_CERT). */
  serverCa?: string;
  stateDir?: string;
}

function usage(path: string, message: string): VerityError {
  return new VerityError('VERITY_AGENT_USAGE', message, { status: 400, details: [{ path, message }] });
}

/** Validate the enroll flags into credentials and a CA trust decision (pure apart from reading the password and CA file). */
export async function parseEnrollFlags(flags: EnrollFlags, readStdin: () => Promise<string>): Promise<{ credentials: EnrollmentCredentials; trust: CaTrust; serverUrl: string; serverCaPem?: string }> {
  let url: URL;
  try {
    url = new URL(flags.server);
  } catch {
    throw usage('$.server', 'the server URL is not a valid URL');
  }
  if (url.protocol !== 'https:') throw usage('$.server', 'the server URL must use https');
  if (flags.server.length > 2048) throw usage('$.server', 'the server URL is too long');

  let credentials: EnrollmentCredentials;
  if (flags.token !== undefined) {
    if (flags.user !== undefined) throw usage('$.user', 'use either --token or --user, not both');
    if (flags.token.length === 0 || flags.token.length > 4096) throw usage('$.token', 'the enrollment token must be 1 to 4096 characters');
    credentials = { kind: 'token', enrollmentToken: flags.token };
  } else if (flags.user !== undefined) {
    if (flags.passwordStdin !== true) throw usage('$.passwordStdin', '--user needs --password-stdin (passwords are never taken from the command line)');
    if (flags.tenant === undefined || flags.tenant === '' || flags.tenant.length > 256) throw usage('$.tenant', '--user needs --tenant (tenant id or domain)');
    if (flags.user.length === 0 || flags.user.length > 320) throw usage('$.user', 'the user name must be 1 to 320 characters');
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (password.length === 0 || password.length > 1024) throw usage('$.password', 'the password read from stdin must be 1 to 1024 characters');
    credentials = { kind: 'user', tenant: flags.tenant, username: flags.user, password };
  } else throw usage('$.token', 'give --token, or --user with --password-stdin and --tenant');

  const chosen = [flags.caFingerprint, flags.caFile, flags.insecureTrustOnFirstUse ? true : undefined].filter((x) => x !== undefined);
  if (chosen.length === 0) throw usage('$.caFingerprint', 'refusing to enroll without a trusted CA: give --ca-fingerprint, --ca-file or --insecure-trust-on-first-use');
  if (chosen.length > 1) throw usage('$.caFingerprint', 'give only one of --ca-fingerprint, --ca-file, --insecure-trust-on-first-use');
  let trust: CaTrust;
  if (flags.caFingerprint !== undefined) {
    const fp = normaliseFingerprint(flags.caFingerprint);
    if (fp === undefined) throw usage('$.caFingerprint', 'the CA fingerprint must be 32 bytes of hex (SHA-256)');
    trust = { kind: 'fingerprint', fingerprint256: fp };
  } else if (flags.caFile !== undefined) {
    const pem = await readFile(flags.caFile, 'utf8').catch(() => {
      throw usage('$.caFile', `cannot read ${flags.caFile}`);
    });
    if (!pem.includes('BEGIN CERTIFICATE') || pem.length > 65_536) throw usage('$.caFile', 'the CA file is not a PEM certificate');
    trust = { kind: 'file', caPem: pem };
  } else trust = { kind: 'trust-on-first-use' };
  let serverCaPem: string | undefined;
  if (flags.serverCa !== undefined) {
    serverCaPem = await readFile(flags.serverCa, 'utf8').catch(() => {
      throw usage('$.serverCa', `cannot read ${flags.serverCa}`);
    });
    if (!serverCaPem.includes('BEGIN CERTIFICATE') || serverCaPem.length > 65_536) throw usage('$.serverCa', 'the server CA file is not a PEM certificate');
  }
  return { credentials, trust, serverUrl: url.toString().replace(/\/$/, ''), ...(serverCaPem === undefined ? {} : { serverCaPem }) };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `verity-agent enroll`. */
export async function enrollCommand(ctx: AgentContext, flags: EnrollFlags): Promise<number> {
  const parsed = await parseEnrollFlags(flags, readAllStdin);
  const state = createAgentStateStore(ctx.stateDir(flags.stateDir));
  const report = await collectPosture(ctx.probe, ctx.platform, ctx.now(), 'identity');
  const hardware = await collectHardwareIdentity(ctx.probe, ctx.platform);
  // Without either identifier the server cannot tell a re-enrollment from a new machine: say so.
  if (hardware.identity.productUuidHash === null && hardware.identity.machineIdHash === null)
    ctx.logger.warn('no hardware identity could be read; enrolling this machine again will leave its old record active', { missing: hardware.missing });
  const config = await enrollDevice({ ...parsed, report, hardware: hardware.identity, state, logger: ctx.logger, now: ctx.now() });
  const replaced = config.replacedDeviceIds.length > 0 ? `This machine was enrolled before: its earlier record ${config.replacedDeviceIds.join(', ')} is now retired.\n` : '';
  ctx.stdout(`Enrolled as device ${config.deviceId} in tenant ${config.tenantId}. State in ${state.dir}.\n${replaced}Start the agent: verity-agent run\n`);
  return 0;
}
