import { HashingBusyError, PasswordPolicyError } from "@unicorn/credentials";
import { AppError, errors } from "@unicorn/http";

/** PostgreSQL constraint violations a request can cause, as the problems a client can act on. */
export function postgresProblem(error: Error): AppError | undefined {
  const code = (error as { code?: string }).code;
  if (code === "23505") return new AppError(409, "conflict", "a record with these values already exists");
  if (code === "23503") return new AppError(422, "reference", "a referenced record does not exist");
  return undefined;
}

/** Refusals of the password rules and of the bounded password hashing, wherever a password is set or checked. */
export function credentialsProblem(error: Error): AppError | undefined {
  if (error instanceof PasswordPolicyError) return errors.badRequest(error.message, "password");
  if (error instanceof HashingBusyError)
    return errors.unavailable("too many password checks in progress; retry shortly", 1);
  return undefined;
}

/** What the api translates before the shared problem+json handler renders it: database and password refusals. */
export function apiProblem(error: Error): AppError | undefined {
  return postgresProblem(error) ?? credentialsProblem(error);
}
