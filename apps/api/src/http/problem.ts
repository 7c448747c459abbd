import { AppError, registerProblemHandler as registerSharedProblemHandler } from "@unicorn/http";
import type { FastifyInstance } from "fastify";

/** PostgreSQL constraint violations a request can cause, as the problems a client can act on. */
export function postgresProblem(error: Error): AppError | undefined {
  const code = (error as { code?: string }).code;
  if (code === "23505") return new AppError(409, "conflict", "a record with these values already exists");
  if (code === "23503") return new AppError(422, "reference", "a referenced record does not exist");
  return undefined;
}

/** The shared problem+json handler, with the database's constraint errors translated. */
export function registerProblemHandler(app: FastifyInstance): void {
  registerSharedProblemHandler(app, { translate: postgresProblem });
}
