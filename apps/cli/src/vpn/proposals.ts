import type { VpnCryptoOutput } from "@unicorn/contracts";

/**
 * AWS Site-to-Site VPN algorithm names (the aws_vpn_connection tunnel options, AWS docs "Tunnel options for your
 * Site-to-Site VPN connection") to strongSwan's proposal keywords (strongSwan docs, "IKEv2 Cipher Suites").
 * An algorithm missing here is refused: a guessed keyword would only fail at the first handshake on the farm.
 */
const ENCRYPTION: Record<string, { keyword: string; aead: boolean }> = {
  AES128: { keyword: "aes128", aead: false },
  AES256: { keyword: "aes256", aead: false },
  "AES128-GCM-16": { keyword: "aes128gcm16", aead: true },
  "AES256-GCM-16": { keyword: "aes256gcm16", aead: true },
};
const INTEGRITY: Record<string, string> = {
  SHA1: "sha1",
  "SHA2-256": "sha256",
  "SHA2-384": "sha384",
  "SHA2-512": "sha512",
};
// RFC 3526 / RFC 5114 / RFC 5903 group numbers (IANA "Transform Type 4 - Diffie-Hellman Group Transform IDs").
const DH_GROUPS: Record<number, string> = {
  2: "modp1024",
  5: "modp1536",
  14: "modp2048",
  15: "modp3072",
  16: "modp4096",
  17: "modp6144",
  18: "modp8192",
  19: "ecp256",
  20: "ecp384",
  21: "ecp521",
  22: "modp1024s160",
  23: "modp2048s224",
  24: "modp2048s256",
};

function lookup<T>(table: Record<string | number, T>, name: string | number, what: string): T {
  const found = table[name];
  if (found === undefined)
    throw new Error(`the VPN's ${what} ${name} has no strongSwan equivalent known here`);
  return found;
}

/**
 * IKE and ESP proposal lists accepting exactly the combinations the AWS side does: one proposal for the plain
 * ciphers (with integrity algorithms) and one for AEAD ciphers, which take a PRF in IKE and no integrity in ESP
 * (RFC 5282 section 8; strongSwan proposals hold several algorithms of each kind).
 */
export function strongSwanProposals(crypto: VpnCryptoOutput): { ike: string; esp: string } {
  const ciphers = crypto.encryption.map((name) => lookup(ENCRYPTION, name, "encryption algorithm"));
  const integrity = crypto.integrity.map((name) => lookup(INTEGRITY, name, "integrity algorithm"));
  const groups = crypto.dh_groups.map((group) => lookup(DH_GROUPS, group, "Diffie-Hellman group"));
  const plain = ciphers.filter((c) => !c.aead).map((c) => c.keyword);
  const aead = ciphers.filter((c) => c.aead).map((c) => c.keyword);
  const ike: string[] = [];
  const esp: string[] = [];
  if (plain.length) {
    ike.push([...plain, ...integrity, ...groups].join("-"));
    esp.push([...plain, ...integrity, ...groups].join("-"));
  }
  if (aead.length) {
    ike.push([...aead, ...integrity.map((i) => `prf${i}`), ...groups].join("-"));
    esp.push([...aead, ...groups].join("-"));
  }
  return { ike: ike.join(","), esp: esp.join(",") };
}
