import ipaddr from 'ipaddr.js';

export interface ParsedCidr {
  version: 4 | 6;
  prefixLength: number;
  /** The address itself, as fixed-width hex (8 digits for IPv4, 32 for IPv6). */
  hostHex: string;
  networkHex: string;
  broadcastHex: string;
  /** Canonical text form: `10.0.0.1/24`, `2001:db8::1/64`. */
  address: string;
  /** Canonical network form: `10.0.0.0/24`. */
  network: string;
}

function toHex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = hex.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? [];
  return ipaddr.fromByteArray(bytes);
}

/** Parse `addr/len` (or a bare address, taken as a host route). Returns an error message on bad input. */
export function parseCidr(text: string): ParsedCidr | string {
  const value = text.trim();
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let length: number;
  try {
    if (value.includes('/')) {
      [addr, length] = ipaddr.parseCIDR(value);
    } else {
      addr = ipaddr.parse(value);
      length = addr.kind() === 'ipv4' ? 32 : 128;
    }
  } catch {
    return `"${value}" is not a valid IPv4 or IPv6 address with prefix length.`;
  }
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return `"${value}" is an IPv4-mapped IPv6 address; enter the IPv4 address instead.`;
  }
  const version = addr.kind() === 'ipv4' ? 4 : 6;
  const bytes = addr.toByteArray();
  const netBytes = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  const lastBytes = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    return (b & ((0xff << (8 - keep)) & 0xff)) | (0xff >> keep);
  });
  const hostHex = toHex(bytes);
  const networkHex = toHex(netBytes);
  return {
    version,
    prefixLength: length,
    hostHex,
    networkHex,
    broadcastHex: toHex(lastBytes),
    address: `${addr.toString()}/${length}`,
    network: `${fromHex(networkHex).toString()}/${length}`,
  };
}
