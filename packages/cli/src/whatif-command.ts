import type { Command } from 'commander';
import { printJson } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

// Graph's platform names, accepted in any case on the command line.
const PLATFORMS: Record<string, string> = { android: 'android', ios: 'iOS', windows: 'windows', macos: 'macOS', linux: 'linux', windowsphone: 'windowsPhone' };

export interface WhatIfOptions {
  user: string; app?: string; userAction?: string; device?: string; ip?: string; country?: string; clientApp?: string; platform?: string;
  signInRisk?: string; userRisk?: string; mfa?: boolean; authStrength?: string; authMethods?: string; json?: boolean;
}

/**
 * The what-if request body for the command-line options, one option per body field (the server
 * validates it and names bad fields): --user user, --app appId, --user-action userAction
 * (`registersecurityinfo` is `urn:user:registersecurityinfo`), --device deviceId, --ip ip,
 * --country country, --client-app clientAppType, --platform platform, --sign-in-risk signInRisk,
 * --user-risk userRisk, --mfa satisfied.mfa, --auth-strength satisfied.authenticationStrength,
 * --auth-methods authenticationMethods.
 */
export function whatIfBody(o: WhatIfOptions): Record<string, unknown> {
  const satisfied = { ...(o.mfa ? { mfa: true } : {}), ...(o.authStrength ? { authenticationStrength: o.authStrength } : {}) };
  return {
    user: o.user,
    appId: o.app ?? null,
    ...(o.userAction ? { userAction: o.userAction.startsWith('urn:') ? o.userAction : `urn:user:${o.userAction.toLowerCase()}` } : {}),
    ...(o.device ? { deviceId: o.device } : {}),
    ...(o.ip ? { ip: o.ip } : {}),
    ...(o.country ? { country: o.country } : {}),
    ...(o.clientApp ? { clientAppType: o.clientApp } : {}),
    ...(o.platform ? { platform: PLATFORMS[o.platform.toLowerCase()] ?? o.platform } : {}),
    ...(o.signInRisk ? { signInRisk: o.signInRisk } : {}),
    ...(o.userRisk ? { userRisk: o.userRisk } : {}),
    ...(Object.keys(satisfied).length > 0 ? { satisfied } : {}),
    ...(o.authMethods ? { authenticationMethods: o.authMethods.split(',').map((m) => m.trim()).filter(Boolean) } : {}),
  };
}

interface PolicyResult { displayName: string; state: string; applied: boolean; result: string; decidedBy: { condition: string; message: string }; missingControls: string[]; reportOnlyResult?: string }
interface WhatIfAnswer {
  result: string; signIn: Record<string, unknown>; missingControls: { control: string; message: string; policyIds: string[] }[];
  reasons: { code: string; message: string }[]; policies: PolicyResult[];
}

/** Human rendering: the result, the missing controls, then each policy applied or not with the deciding condition. */
export function formatWhatIf(a: WhatIfAnswer): string[] {
  const lines = [`Result: ${a.result}`];
  for (const r of a.reasons) lines.push(`  ${r.message}`);
  if (a.missingControls.length > 0) {
    lines.push('Missing controls:');
    for (const c of a.missingControls) lines.push(`  ${c.control}: ${c.message} (required by ${c.policyIds.join(', ')})`);
  }
  lines.push('Policies:');
  for (const p of a.policies) {
    const status = p.applied ? `applied (${p.result})` : 'not applied';
    const reportOnly = p.state === 'enabledForReportingButNotEnforced' ? ` [report-only: ${p.reportOnlyResult ?? 'notApplied'}]` : '';
    lines.push(`  ${status.padEnd(28)} ${p.displayName}${reportOnly}`);
    lines.push(`  ${''.padEnd(28)} decided by ${p.decidedBy.condition}: ${p.decidedBy.message}`);
    if (p.missingControls.length > 0) lines.push(`  ${''.padEnd(28)} missing: ${p.missingControls.join(', ')}`);
  }
  return lines;
}

/** `verity whatif --user U --app A [...]`: evaluate a hypothetical sign-in and explain every policy. */
export function registerWhatIfCommand(program: Command, client: () => Api): void {
  program.command('whatif').description('Evaluate a hypothetical sign-in against the conditional access policies and explain each one (nothing is logged).')
    .requiredOption('--user <idOrUpn>', 'user id or user principal name')
    .option('--app <appId>', 'application id (e.g. verity-portal)')
    .option('--user-action <action>', 'registersecurityinfo | registerdevice (a user action instead of, or with, an app)')
    .option('--device <id>', 'device id (omit for an unregistered device)')
    .option('--ip <address>', 'source IP address (its country comes from the server\'s IP-to-country table)')
    .option('--country <code>', 'the sign-in\'s country, ISO 3166-1 alpha-2 (overrides the lookup of --ip)')
    .option('--client-app <type>', 'browser | mobileAppsAndDesktopClients | exchangeActiveSync | other')
    .option('--platform <p>', 'android | iOS | windows | macOS | linux (default: the device\'s)')
    .option('--sign-in-risk <level>', 'none | low | medium | high')
    .option('--user-risk <level>', 'none | low | medium | high')
    .option('--mfa', 'the user has completed multifactor authentication')
    .option('--auth-strength <strength>', 'the authentication strength met: mfa | passwordless | phishingResistant')
    .option('--auth-methods <methods>', 'methods used, comma-separated: password, sms, voice, totp, microsoftAuthenticatorPush, microsoftAuthenticatorPasswordless, passkey, windowsHelloForBusiness, x509CertificateMultiFactor, x509CertificateSingleFactor, federatedMultiFactor, temporaryAccessPass')
    .option('--json', 'print the decision as JSON')
    .action(async (o: WhatIfOptions) => {
      const api = client();
      try {
        const answer = await api.call<WhatIfAnswer>('POST', '/api/v1/conditional-access/what-if', whatIfBody(o));
        if (o.json) printJson(answer);
        else for (const line of formatWhatIf(answer)) console.log(line);
      } finally {
        api.close();
      }
    });
}
