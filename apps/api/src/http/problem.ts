import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { AppError } from "./app-error";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
  errors?: { field: string; detail: string }[];
  instance?: string;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, "title" | "type"> & { code?: string },
) {
  const { code, ...rest } = problem;
  const body: Problem = {
    type: `https://unicorn.farm/problems/${code ?? "error"}`,
    title: TITLES[problem.status] ?? "Error",
    ...rest,
  };
  return reply.status(problem.status).type("application/problem+json").send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/days/0/tmin" + missing "tmax" -> "days[0].tmax": the name a person finds in their JSON. */
export function fieldName(part: string | undefined, error: AjvError): string {
  const segments = error.instancePath.split("/").filter(Boolean);
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  if (error.keyword === "additionalProperties") segments.push(String(error.params.additionalProperty));
  const path = segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");
  return path || (part === "body" ? "body" : (part ?? "request"));
}

function describe(error: AjvError): string {
  if (error.keyword === "additionalProperties") return "is not a known property";
  if (error.keyword === "required") return "is required";
  return error.message ?? "is invalid";
}

/** One place turns every error into application/problem+json. */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validationContext?: string }, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, {
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.field ? { field: error.field } : {}),
        instance: request.url.split("?")[0],
      });
    }
    if (error.validation) {
      const details = (error.validation as AjvError[]).map((e) => ({
        field: fieldName(error.validationContext, e),
        detail: describe(e),
      }));
      const first = details[0]!;
      return sendProblem(reply, {
        status: 400,
        code: "validation",
        detail: `${first.field} ${first.detail}`,
        field: first.field,
        errors: details,
      });
    }
    const pgCode = (error as { code?: string }).code;
    if (pgCode === "23505")
      return sendProblem(reply, {
        status: 409,
        code: "conflict",
        detail: "a record with these values already exists",
      });
    if (pgCode === "23503")
      return sendProblem(reply, {
        status: 422,
        code: "reference",
        detail: "a referenced record does not exist",
      });
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return sendProblem(reply, {
        status: 500,
        code: "internal",
        detail: "internal error; see the server log",
      });
    }
    // Fastify's own 4xx (malformed JSON, body too large, unsupported content type).
    return sendProblem(reply, {
      status,
      code: error.code?.toLowerCase() ?? "error",
      detail: error.message,
      field: "body",
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: "not_found",
      detail: `no route for ${request.method} ${request.url.split("?")[0]}`,
    }),
  );
}
