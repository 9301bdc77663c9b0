import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Why an outbound URL was refused. */
export type OutboundUrlRefusal = 'OUTBOUND_URL_INVALID' | 'OUTBOUND_URL_NOT_PUBLIC' | 'OUTBOUND_URL_UNRESOLVABLE';

/** Thrown by {@link assertPublicUrl}; `code` says why. */
export class OutboundUrlRefusedError extends Error {
  readonly code: OutboundUrlRefusal;
  /** The private address that caused the refusal, when there was one. */
  readonly address: string | undefined;

  constructor(code: OutboundUrlRefusal, message: string, address?: string) {
    super(message);
    this.name = 'OutboundUrlRefusedError';
    this.code = code;
    this.address = address;
  }
}

/** Hosts and address ranges that may be fetched even though they are private (`OUTBOX_OUTBOUND_ALLOWLIST`). */
export interface OutboundAllowlist {
  /** Exact host names, lower case. */
  hosts: ReadonlySet<string>;
  /** Domain suffixes from `*.example.com` entries, with the leading dot. */
  suffixes: readonly string[];
  /** Allowed CIDR ranges and single addresses. */
  ranges: BlockList;
}

/** Options of {@link assertPublicUrl}. */
export interface PublicUrlOptions {
  /** Resolves a host name to its addresses (Default: the system resolver, every address). */
  resolve?: ((hostname: string) => Promise<string[]>) | undefined;
  /** Accepted URL schemes (Default: `["http:", "https:"]`). */
  protocols?: readonly string[] | undefined;
}

/** A URL found safe to fetch, and the addresses it resolved to (connect to these to avoid DNS rebinding). */
export interface PublicUrlCheck {
  url: URL;
  addresses: string[];
}

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address. */
function ipv6Groups(address: string): number[] {
  // The URL parser canonicalises IPv6 (a dotted IPv4 tail becomes two hex groups), leaving only "::" to expand.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, if any. */
function embeddedIPv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  const mapped = zeros(0, 5) && groups[5] === 0xffff;
  const compatible = zeros(0, 6);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !compatible && !nat64) return undefined;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * Parses allow-list entries: host names (`media.example.com`), subdomain wildcards (`*.example.com`), single
 * addresses (`10.1.2.3`, `fd00::5`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`). Throws `RangeError` naming a bad
 * entry.
 */
export function parseOutboundAllowlist(entries: readonly string[]): OutboundAllowlist {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const ranges = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const [network = '', prefixText] = entry.split('/');
    const family = isIP(network);
    if (family !== 0) {
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new RangeError(`Bad allow-list range "${raw}"`);
      ranges.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(entry) && prefixText === undefined) {
      if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
      else hosts.add(entry);
    } else {
      throw new RangeError(`Bad allow-list entry "${raw}": expected a host name, *.domain, an address or a CIDR range`);
    }
  }
  return { hosts, suffixes, ranges };
}

function isAllowedAddress(address: string, allowlist: OutboundAllowlist): boolean {
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (allowlist.ranges.check(address, family)) return true;
  const inner = family === 'ipv6' ? embeddedIPv4(address) : undefined;
  return inner !== undefined && allowlist.ranges.check(inner, 'ipv4');
}

/** True for loopback, private, link-local, multicast, reserved and documentation addresses (IPv4 and IPv6). */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIPv4(address);
  if (inner !== undefined) return NOT_PUBLIC.check(inner, 'ipv4');
  return NOT_PUBLIC.check(address, 'ipv6');
}

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

function hostAllowed(hostname: string, allowlist: OutboundAllowlist): boolean {
  return allowlist.hosts.has(hostname) || allowlist.suffixes.some((suffix) => hostname.endsWith(suffix));
}

/**
 * Checks a user-supplied URL before Outbox fetches it (media URLs, webhook targets): http(s) only, and every address
 * the host resolves to must be public unless the host or address is allow-listed. Refuses loopback, private
 * (RFC 1918, unique-local), link-local (cloud metadata at 169.254.169.254), CGNAT, multicast and reserved ranges,
 * also when wrapped in IPv4-mapped or NAT64 IPv6 forms. Throws {@link OutboundUrlRefusedError}.
 */
export async function assertPublicUrl(
  url: string | URL,
  allowlist: OutboundAllowlist | readonly string[] = [],
  options: PublicUrlOptions = {},
): Promise<PublicUrlCheck> {
  const list = Array.isArray(allowlist) ? parseOutboundAllowlist(allowlist) : (allowlist as OutboundAllowlist);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundUrlRefusedError('OUTBOUND_URL_INVALID', 'The URL is not valid.');
  }
  if (!(options.protocols ?? ['http:', 'https:']).includes(parsed.protocol)) {
    throw new OutboundUrlRefusedError('OUTBOUND_URL_INVALID', `The URL scheme ${parsed.protocol} is not allowed.`);
  }
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (hostname === '') throw new OutboundUrlRefusedError('OUTBOUND_URL_INVALID', 'The URL has no host.');
  let addresses: string[];
  try {
    addresses = isIP(hostname) !== 0 ? [hostname] : await (options.resolve ?? systemResolve)(hostname);
  } catch {
    throw new OutboundUrlRefusedError('OUTBOUND_URL_UNRESOLVABLE', `The host ${hostname} could not be resolved.`);
  }
  if (addresses.length === 0) {
    throw new OutboundUrlRefusedError('OUTBOUND_URL_UNRESOLVABLE', `The host ${hostname} has no address.`);
  }
  if (hostAllowed(hostname, list)) return { url: parsed, addresses };
  for (const raw of addresses) {
    const address = raw.split('%')[0] ?? raw;
    if (isAllowedAddress(address, list) || !isNonPublicAddress(address)) continue;
    throw new OutboundUrlRefusedError(
      'OUTBOUND_URL_NOT_PUBLIC',
      `The host ${hostname} resolves to ${address}, which is not a public address.`,
      address,
    );
  }
  return { url: parsed, addresses };
}
