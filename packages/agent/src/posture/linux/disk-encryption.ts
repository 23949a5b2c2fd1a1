import type { EncryptedVolume, Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/** One node of `lsblk -J` output (util-linux); older versions have `mountpoint` instead of `mountpoints`. */
interface LsblkNode {
  name?: unknown;
  type?: unknown;
  fstype?: unknown;
  fsver?: unknown;
  mountpoint?: unknown;
  mountpoints?: unknown;
  children?: unknown;
}

/**
 * Mount points that do not count as data volumes: /boot and the EFI system partition must
 * stay readable by firmware and the boot loader in standard LUKS setups, snaps are
 * read-only squashfs images, and swap is not a file system.
 */
function isExcludedMount(mount: string): boolean {
  return mount === '[SWAP]' || mount === '/boot' || mount.startsWith('/boot/') || mount.startsWith('/snap/') || mount.startsWith('/var/snap/');
}

/** Device types that hold file systems a user's data can live on. */
const DATA_TYPES = new Set(['disk', 'part', 'lvm', 'crypt', 'raid0', 'raid1', 'raid4', 'raid5', 'raid6', 'raid10', 'md', 'dmraid', 'mpath']);

interface Occurrence {
  readonly mount: string;
  readonly device: string;
  /** Encryption method of the nearest crypt layer on this path, or undefined. */
  readonly method: string | undefined;
}

/**
 * Decide per mounted volume whether it sits on a dm-crypt device. `lsblk -J` nests each
 * device under its parents, so the chain from the mounted node up to the disk is the path
 * in the tree. A device with several parents (LVM over two PVs, RAID) appears once under
 * each; it counts as encrypted only if every path crosses a crypt layer. The method is
 * `luks1`/`luks2` when the crypt device's parent carries a LUKS header, else `dm-crypt`
 * (plain mode, no header).
 */
export function parseLsblkEncryption(json: string): EncryptedVolume[] | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return { error: 'lsblk output is not JSON' };
  }
  if (typeof doc !== 'object' || doc === null) return { error: 'lsblk output is not a JSON object' };
  const roots = (doc as { blockdevices?: unknown }).blockdevices;
  if (!Array.isArray(roots)) return { error: 'lsblk output has no blockdevices array' };
  const occurrences: Occurrence[] = [];
  const walk = (node: LsblkNode, ancestors: readonly LsblkNode[]) => {
    if (typeof node !== 'object' || node === null) return;
    const chain = [...ancestors, node];
    const type = String(node.type ?? '');
    if (DATA_TYPES.has(type)) {
      for (const mount of mountsOf(node)) {
        if (isExcludedMount(mount)) continue;
        occurrences.push({ mount, device: `/dev/${String(node.name ?? '')}`, method: cryptMethod(chain) });
      }
    }
    if (Array.isArray(node.children)) for (const child of node.children as LsblkNode[]) walk(child, chain);
  };
  for (const root of roots as LsblkNode[]) walk(root, []);

  const byMount = new Map<string, Occurrence[]>();
  for (const o of occurrences) byMount.set(o.mount, [...(byMount.get(o.mount) ?? []), o]);
  const volumes: EncryptedVolume[] = [];
  for (const [mount, list] of byMount) {
    const encrypted = list.every((o) => o.method !== undefined);
    volumes.push({
      mountPoint: mount,
      device: list[0]!.device,
      encrypted,
      method: encrypted ? list[0]!.method! : 'none',
      system: mount === '/' || mount === '/usr',
    });
  }
  return volumes.sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
}

function mountsOf(node: LsblkNode): string[] {
  const list = Array.isArray(node.mountpoints) ? node.mountpoints : [node.mountpoint];
  return list.filter((m): m is string => typeof m === 'string' && m !== '');
}

function cryptMethod(chain: readonly LsblkNode[]): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    if (chain[i]!.type !== 'crypt') continue;
    const parent = chain[i - 1];
    if (parent?.fstype === 'crypto_LUKS') {
      const ver = typeof parent.fsver === 'string' ? parent.fsver : '';
      return ver === '1' || ver === '2' ? `luks${ver}` : 'luks';
    }
    return 'dm-crypt';
  }
  return undefined;
}

/** Column sets from newest to oldest util-linux: MOUNTPOINTS needs 2.37, FSVER 2.36. */
const COLUMN_SETS = ['NAME,TYPE,FSTYPE,FSVER,MOUNTPOINTS', 'NAME,TYPE,FSTYPE,MOUNTPOINT'];

/** Encryption state of the root volume and every mounted data volume, via lsblk. */
export async function collectDiskEncryption(probe: HostProbe): Promise<Fact<EncryptedVolume[]>> {
  let problem = '';
  for (const columns of COLUMN_SETS) {
    const run = await probe.run('lsblk', ['-J', '-o', columns], { timeoutMs: 10_000 });
    if (run.kind === 'not-found') return unknown('lsblk (util-linux) is not installed', 'not-installed');
    if (run.kind !== 'exited' || run.code !== 0) {
      problem = commandProblem('lsblk', run);
      continue;
    }
    const parsed = parseLsblkEncryption(run.stdout);
    if ('error' in parsed) return unknown(parsed.error);
    if (!parsed.some((v) => v.mountPoint === '/')) {
      return unknown('the root file system is not on a block device lsblk can see (container, network or overlay root)', 'not-supported');
    }
    return known(parsed.slice(0, 256), `lsblk -J -o ${columns}`);
  }
  return unknown(problem);
}
