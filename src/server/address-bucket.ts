import ipaddr from 'ipaddr.js';

/**
 * The key per-address limits count under: an IPv4 address as it is (an IPv4-mapped IPv6 address
 * becomes its IPv4 form), an IPv6 address by its /64 network, since one host commonly holds a whole
 * /64 and could otherwise take a fresh address for every request. Anything unparsable is its own key.
 */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}
