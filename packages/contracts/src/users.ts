import { type Static, Type } from "typebox";
import { partialBody, Uuid } from "./common";
import { UserRole } from "./vocabularies";

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: UserRole,
  // OWASP ASVS 4.0.3 V2.1.1/2.1.2 (the service also refuses blank, repetitive and common passwords).
  password: Type.String({
    minLength: 12,
    maxLength: 128,
    description: "12 to 128 characters, any printable Unicode; not a common or breached password",
  }),
};

/** A person of an organization (never their password hash). */
export const User = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: UserRole,
    organizationId: Uuid,
    mustChangePassword: Type.Optional(
      Type.Boolean({
        description:
          "signed in with a temporary password an admin reset: choose a new one (POST /me/password) before anything else",
      }),
    ),
  },
  { $id: "User" },
);
export type User = Static<typeof User>;

export const UserList = Type.Array(User);
export type UserList = Static<typeof UserList>;

export const UserCreate = Type.Object(
  {
    email: Type.String({ format: "email", maxLength: 254 }),
    name: writable.name,
    role: writable.role,
    password: writable.password,
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = partialBody(writable);
export type UserUpdate = Static<typeof UserUpdate>;

export const OwnPasswordChange = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type OwnPasswordChange = Static<typeof OwnPasswordChange>;
