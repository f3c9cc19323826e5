import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a probe may reach. Public unicast only by default: a citation URL is
 * untrusted, and `http://169.254.169.254/` or `http://10.0.0.1/admin` in a dump must not
 * make the checker talk to the machine's own network (SSRF). Checked on the address the
 * socket actually connects to, at every redirect hop, so a DNS answer that changes
 * between a check and the connection (rebinding) cannot slip through.
 */
export interface AddressPolicy {
  allowPrivate: boolean;
  /** Fixed answers for host names, like curl's --resolve (tests map names to 127.x). */
  resolve?: Readonly<Record<string, string>>;
}

export class BlockedAddressError extends Error {
  readonly code = 'ECITEAUDIT_PRIVATE_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), which is not a public address`);
  }
}

/** The range name of an address that is not public unicast (`loopback`, `private`, `linkLocal`, ...), else undefined. */
export function nonPublicRange(address: string): string | undefined {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'unparsable';
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  // An IPv4-compatible address (`::7f00:1`, deprecated since RFC 4291) is unicast to ipaddr.js,
  // but some stacks still route it to the IPv4 address it holds: no public site uses one.
  if (ip.kind() === 'ipv6') {
    const parts = (ip as ipaddr.IPv6).parts;
    if (parts.slice(0, 6).every((p) => p === 0) && (parts[6]! !== 0 || parts[7]! > 1)) return 'ipv4Compatible';
  }
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/** RFC 6761 names that never resolve: answered here, with no DNS query leaving the machine. */
const NEVER_RESOLVES = /(^|\.)(invalid|example|test|local|onion)$/i;

function notFound(host: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${host}`);
  err.code = 'ENOTFOUND';
  return err;
}

const familyOf = (f: LookupOptions['family']): 0 | 4 | 6 =>
  f === 4 || f === 'IPv4' ? 4 : f === 6 || f === 'IPv6' ? 6 : 0;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` (undici passes its `connect` options through) that
 * refuses non-public answers unless the policy allows them.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const host = hostname.toLowerCase();
    const fixed = policy.resolve?.[host];
    const answer = (addresses: LookupAddress[]) => {
      if (!policy.allowPrivate) {
        for (const a of addresses) {
          const range = nonPublicRange(a.address);
          if (range) return callback(new BlockedAddressError(host, a.address, range), '');
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    };
    if (fixed) return answer([{ address: fixed, family: isIP(fixed) }]);
    if (NEVER_RESOLVES.test(host)) return callback(notFound(host), '');
    dnsLookup(host, { all: true, family: familyOf(options.family) }, (err, addresses) => {
      if (err) return callback(err, '');
      if (!addresses.length) return callback(notFound(host), '');
      answer(addresses);
    });
  };
}

/** For an IP literal in a URL, which `net.connect` connects to without any lookup. */
export function literalBlocked(host: string, policy: AddressPolicy): BlockedAddressError | undefined {
  const h = host.replace(/^\[|\]$/g, '');
  if (!isIP(h) || policy.allowPrivate) return undefined;
  const range = nonPublicRange(h);
  return range ? new BlockedAddressError(h, h, range) : undefined;
}
