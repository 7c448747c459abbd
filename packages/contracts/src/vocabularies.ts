/** Words with one meaning across api, web, ml and cli: defined once, here. */
import { type Static, Type } from "typebox";

export const USER_ROLES = ["admin", "agronomist", "viewer"] as const;
export const UserRole = Type.Union(USER_ROLES.map((role) => Type.Literal(role)));
export type UserRole = (typeof USER_ROLES)[number];

/** Who can call: people have a user role, sensors and gateways authenticate as a device. */
export type Role = UserRole | "device";
