import type { Role } from "@unicorn/contracts";

/** Who is calling: a person (JWT) or a device/gateway (API key), always inside one organization. */
export interface Principal {
  organizationId: string;
  role: Role;
  userId?: string;
  apiKeyId?: string;
}

/** What each role may do. Checked on the server for every route; the dashboard only mirrors it. */
export type Permission = "read" | "write" | "ingest" | "acknowledge" | "admin";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["read", "write", "ingest", "acknowledge", "admin"],
  agronomist: ["read", "write", "ingest", "acknowledge"],
  viewer: ["read"],
  device: ["ingest"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
