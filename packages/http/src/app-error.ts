/** An error a person can act on: a stable code, an HTTP status, and the field at fault when there is one. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const errors = {
  badRequest: (message: string, field?: string) => new AppError(400, "bad_request", message, field),
  unauthorized: (message = "authentication required") => new AppError(401, "unauthorized", message),
  forbidden: (message = "your role does not allow this") => new AppError(403, "forbidden", message),
  notFound: (what: string, field?: string) => new AppError(404, "not_found", `${what} not found`, field),
  conflict: (message: string, field?: string) => new AppError(409, "conflict", message, field),
  tooLarge: (message: string, field?: string) => new AppError(413, "too_large", message, field),
  unprocessable: (message: string, field?: string) => new AppError(422, "unprocessable", message, field),
  unavailable: (message: string) => new AppError(503, "unavailable", message),
};
