import { type Static, Type } from "typebox";
import { partialBody, Uuid } from "./common";
import { UserRole } from "./vocabularies";

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: UserRole,
  password: Type.String({ minLength: 10, maxLength: 1024 }),
};

/** A person of an organization (never their password hash). */
export const User = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: UserRole,
    organizationId: Uuid,
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
