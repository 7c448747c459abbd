/** An error a person can act on: a stable code, an HTTP status, and the field at fault when there is one. */
export class AppError extends Error {
  /** Response headers the problem carries (Retry-After on 429 and 503). */
  headers: Record<string, string> = {};

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
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    withRetryAfter(new AppError(429, "too_many_requests", message), retryAfterSeconds),
  unavailable: (message: string, retryAfterSeconds?: number) =>
    withRetryAfter(new AppError(503, "unavailable", message), retryAfterSeconds),
};

function withRetryAfter(error: AppError, seconds: number | undefined): AppError {
  if (seconds !== undefined) error.headers["retry-after"] = String(Math.max(1, Math.ceil(seconds)));
  return error;
}
