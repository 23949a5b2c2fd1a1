import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Server as TlsServer } from 'node:tls';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';

/** Lifetime of the certificate the device CA issues to the server itself. */
export const SERVER_CERT_VALIDITY_DAYS = 30;
/** Renew the issued certificate when this share of its lifetime is left (10 of 30 days): long before agents could see it expire. */
const RENEW_WHEN_LEFT = 1 / 3;
/** Warn about an admin-supplied certificate this long before it expires. */
const WARN_BEFORE_MS = 14 * 86_400_000;

/** The TLS material the HTTPS listener serves, and where it came from. */
export interface ServedCertificate {
  readonly source: 'device-ca' | 'files';
  readonly certPem: string;
  readonly keyPem: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** The server's TLS certificate over its lifetime: the first one, then renewals and reloads swapped into the running listener. */
export interface ServerTls {
  /** The certificate served now. */
  current(): ServedCertificate;
  /** Options for the HTTPS listener: this certificate, and the device CA to verify client certificates (mTLS). */
  listenerOptions(): { key: string; cert: string; ca: string[] };
  /** Start watching: hot-swap the listener's secure context on renewal, file change or SIGHUP. */
  attach(server: TlsServer): void;
  /** Renew or reload now if due (the timer's work; SIGHUP forces a reload of the files). Resolves true when the certificate changed. */
  check(options?: { forceReload?: boolean }): Promise<boolean>;
  stop(): void;
}

function configError(path: string, message: string): VerityError {
  return new VerityError('VERITY_CONFIG_INVALID', `Invalid configuration: ${message}`, { status: 500, expose: true, details: [{ path, message }] });
}

/** Read and check an admin-supplied certificate (chain) and key: parseable, matching, valid now. */
function readCertificateFiles(certFile: string, keyFile: string, now: Date): ServedCertificate {
  let certPem: string;
  let keyPem: string;
  try {
    certPem = readFileSync(certFile, 'utf8');
    keyPem = readFileSync(keyFile, 'utf8');
  } catch (err) {
    throw configError('$.tlsCertFile', `cannot read the TLS certificate or key: ${(err as Error).message}`);
  }
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certPem);
  } catch {
    throw configError('$.tlsCertFile', `${certFile} does not hold a PEM certificate`);
  }
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw configError('$.tlsKeyFile', `${keyFile} does not hold a PEM private key`);
  }
  if (!leaf.checkPrivateKey(key)) throw configError('$.tlsKeyFile', `the key in ${keyFile} does not belong to the certificate in ${certFile}`);
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (now > notAfter || now < notBefore) throw configError('$.tlsCertFile', `the certificate in ${certFile} is not valid now (valid ${notBefore.toISOString()} to ${notAfter.toISOString()})`);
  return { source: 'files', certPem, keyPem, serialNumber: leaf.serialNumber, notBefore, notAfter };
}

function fileStamp(files: readonly string[]): string {
  return files.map((f) => {
    try {
      const s = statSync(f);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }).join('|');
}

/**
 * The server's TLS certificate. By default the device CA issues it (agents pinned that CA at
 * enrollment) and it is renewed while running when a third of its lifetime is left; the running
 * listener swaps its secure context, so open connections and agents never see an expired one.
 * With VERITY_TLS_CERT / VERITY_TLS_KEY the admin's certificate is served instead, reloaded when the
 * files change or on SIGHUP; a reload that fails its checks keeps the certificate in use. Device
 * mTLS is unaffected either way: client certificates are verified against the device CA.
 * Its expiry is the gauge verity_tls_certificate_expiry_timestamp_seconds.
 */
export async function startServerTls(ctx: ServerContext, names: { hostnames: readonly string[]; ips: readonly string[] }): Promise<ServerTls> {
  const { config, log } = ctx;
  const files = config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined ? [config.tlsCertFile, config.tlsKeyFile] as const : undefined;

  const issue = async (): Promise<ServedCertificate> => {
    const now = ctx.now();
    const issued = await ctx.deviceCa.issueServerCertificate({ hostnames: names.hostnames, ips: names.ips, now, validityDays: SERVER_CERT_VALIDITY_DAYS });
    const leaf = new X509Certificate(issued.certPem);
    return { source: 'device-ca', certPem: issued.certPem, keyPem: issued.keyPem, serialNumber: leaf.serialNumber, notBefore: new Date(leaf.validFrom), notAfter: new Date(leaf.validTo) };
  };

  let served = files ? readCertificateFiles(files[0], files[1], ctx.now()) : await issue();
  let stamp = files ? fileStamp(files) : '';
  let listener: TlsServer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<boolean> | undefined;
  let warnedExpiry = false;

  const publish = () => {
    ctx.metrics.tlsCertificateExpiry.reset();
    ctx.metrics.tlsCertificateExpiry.set({ source: served.source }, Math.floor(served.notAfter.getTime() / 1000));
  };
  const options = () => ({ key: served.keyPem, cert: served.certPem, ca: [ctx.deviceCa.certPem] });
  const swap = (next: ServedCertificate, why: string) => {
    served = next;
    warnedExpiry = false;
    listener?.setSecureContext({ ...options(), minVersion: 'TLSv1.2' });
    publish();
    log.info({ source: next.source, serialNumber: next.serialNumber, notAfter: next.notAfter.toISOString(), why }, 'server TLS certificate swapped in');
  };
  publish();

  const check = async (forceReload = false): Promise<boolean> => {
    const now = ctx.now();
    if (files) {
      const nextStamp = fileStamp(files);
      if (forceReload || nextStamp !== stamp) {
        stamp = nextStamp;
        try {
          swap(readCertificateFiles(files[0], files[1], now), forceReload ? 'SIGHUP' : 'files changed');
          return true;
        } catch (err) {
          log.error({ err, certFile: files[0] }, 'the new TLS certificate or key was refused; the server keeps the one in use');
          return false;
        }
      }
      if (!warnedExpiry && served.notAfter.getTime() - now.getTime() < WARN_BEFORE_MS) {
        warnedExpiry = true;
        log.warn({ notAfter: served.notAfter.toISOString(), certFile: files[0] }, 'the TLS certificate (VERITY_TLS_CERT) expires soon: replace the files (reloaded on change or SIGHUP)');
      }
      return false;
    }
    const lifetime = served.notAfter.getTime() - served.notBefore.getTime();
    if (served.notAfter.getTime() - now.getTime() > lifetime * RENEW_WHEN_LEFT) return false;
    try {
      swap(await issue(), 'renewal');
      return true;
    } catch (err) {
      log.error({ err }, 'renewing the server TLS certificate failed; retried at the next check');
      return false;
    }
  };
  const checkOnce = (forceReload = false): Promise<boolean> => {
    checking ??= check(forceReload).finally(() => { checking = undefined; });
    return checking;
  };
  const onSighup = () => { void checkOnce(true); };

  return {
    current: () => served,
    listenerOptions: options,
    attach(server) {
      listener = server;
      timer = setInterval(() => { void checkOnce(); }, config.tlsCheckIntervalMs).unref();
      if (files) process.on('SIGHUP', onSighup);
    },
    check: (o) => checkOnce(o?.forceReload === true),
    stop() {
      if (timer) clearInterval(timer);
      process.off('SIGHUP', onSighup);
    },
  };
}
