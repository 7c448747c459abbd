import type { Problem } from "@unicorn/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "./app-error";
import { SECURITY_HEADERS } from "./security-headers";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export type ProblemInput = Omit<Problem, "title" | "type"> & { code?: string };

/**
 * Renders one problem. Whenever a field is at fault `errors` lists it too, so a client reads every refusal,
 * from schema validation or from a service, the same way.
 */
export function problemBody(problem: ProblemInput): Problem {
  const { code, ...rest } = problem;
  return {
    type: `https://unicorn.farm/problems/${code ?? "error"}`,
    title: TITLES[problem.status] ?? "Error",
    ...rest,
    ...(rest.field && !rest.errors ? { errors: [{ field: rest.field, detail: rest.detail }] } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemInput) {
  return reply.status(problem.status).type("application/problem+json").send(problemBody(problem));
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

export interface ProblemHandlerOptions {
  /** Turns an app-specific failure (a database constraint, say) into an AppError; undefined leaves it alone. */
  translate?: (error: Error) => AppError | undefined;
}

/** One place turns every error into application/problem+json. */
export function registerProblemHandler(app: FastifyInstance, options: ProblemHandlerOptions = {}): void {
  app.setErrorHandler((raw: FastifyError & { validationContext?: string }, request, reply) => {
    const error = raw instanceof AppError ? raw : (options.translate?.(raw) ?? raw);
    if (error instanceof AppError) {
      reply.headers(error.headers);
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

/**
 * Fastify's `frameworkErrors` option: what its router refuses before any route or hook runs (a path that is not
 * valid percent-encoding, a path parameter longer than `maxParamLength`) is answered as problem+json with the
 * security headers too, instead of Fastify's bare JSON without them.
 */
export function problemFrameworkErrors(headers: Readonly<Record<string, string>> = SECURITY_HEADERS) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : (error.statusCode ?? 400);
    reply.headers(headers);
    return sendProblem(reply, {
      status,
      code: error.code?.toLowerCase() ?? "bad_request",
      detail:
        status === 414
          ? "a path segment is longer than any identifier this API uses"
          : "the path is not valid percent-encoded UTF-8",
      field: "path",
      instance: request.raw.url?.split("?")[0]?.slice(0, 200) ?? "",
    });
  };
}
