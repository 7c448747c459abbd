import { type Static, Type } from "typebox";

/** A temporary password an admin hands to a user who forgot theirs; shown once, stored only as a hash. */
export const PasswordReset = Type.Object({
  temporaryPassword: Type.String({
    description: "shown once: give it to the user, who signs in and changes it",
  }),
});
export type PasswordReset = Static<typeof PasswordReset>;
