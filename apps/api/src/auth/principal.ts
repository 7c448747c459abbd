import type { Role } from "@unicorn/contracts";

/** Who is calling: a person (JWT) or a device/gateway (API key), always inside one organization. */
export interface Principal {
  organizationId: string;
  role: Role;
  userId?: string;
  /** A person's session (refresh-token family) and the token version it began with. */
  sessionId?: string;
  tokenVersion?: number;
  apiKeyId?: string;
  /** A person signed in with a temporary password: only choosing a new one is allowed. */
  mustChangePassword?: boolean;
}

/** What each role may do. Checked on the server for every route; the dashboard only mirrors it. */
export type Permission = "read" | "write" | "ingest" | "acknowledge" | "admin";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["read", "write", "ingest", "acknowledge", "admin"],
  agronomist: ["read", "write", "ingest", "acknowledge"],
  viewer: ["read"],
  device: ["ingest"],
};

/** A role outside the vocabulary can do nothing (own properties only: "constructor" is no role). */
export function can(role: Role, permission: Permission): boolean {
  return Object.hasOwn(GRANTS, role) && GRANTS[role].includes(permission);
}
