/**
 * The cloud's `terraform output -json` (deploy/terraform/envs/hybrid) as far as the farm's VPN device needs it:
 * `unicorn vpn config` generates the farm side's strongSwan configuration from it. Each output is wrapped the way
 * Terraform prints it ({ sensitive, type, value }); only `value` is read.
 */
import { type Static, type TSchema, Type } from "typebox";

const output = <T extends TSchema>(value: T) => Type.Object({ value }, { additionalProperties: true });

const Ipv4 = Type.String({ pattern: "^(\\d{1,3}\\.){3}\\d{1,3}$" });
const Ipv4Cidr = Type.String({ pattern: "^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$" });

export const VpnTunnelOutput = Type.Object(
  {
    outside_address: Ipv4,
    inside_cidr: Ipv4Cidr,
    aws_inside_ip: Ipv4,
    farm_inside_ip: Ipv4,
    aws_bgp_asn: Type.Number(),
  },
  { additionalProperties: true },
);
export type VpnTunnelOutput = Static<typeof VpnTunnelOutput>;

export const VpnCryptoOutput = Type.Object({
  ike_version: Type.Literal("ikev2"),
  encryption: Type.Array(Type.String(), { minItems: 1 }),
  integrity: Type.Array(Type.String(), { minItems: 1 }),
  dh_groups: Type.Array(Type.Integer(), { minItems: 1 }),
});
export type VpnCryptoOutput = Static<typeof VpnCryptoOutput>;

export const HybridTerraformOutputs = Type.Object(
  {
    stack: output(Type.Object({ name: Type.String(), vpc_cidr: Ipv4Cidr }, { additionalProperties: true })),
    vpn_tunnels: output(Type.Array(VpnTunnelOutput, { minItems: 2, maxItems: 2 })),
    vpn_preshared_keys: output(
      Type.Array(Type.String({ pattern: "^[A-Za-z1-9][A-Za-z0-9._]{7,63}$" }), { minItems: 2, maxItems: 2 }),
    ),
    vpn_crypto: output(VpnCryptoOutput),
    vpn_farm_public_ip: output(Ipv4),
    vpn_farm_cidrs: output(Type.Array(Ipv4Cidr, { minItems: 1 })),
  },
  { additionalProperties: true },
);
export type HybridTerraformOutputs = Static<typeof HybridTerraformOutputs>;
