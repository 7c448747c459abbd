import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";

/**
 * Query strings and path params arrive as text and are coerced ("limit=20" -> 20); bodies are JSON and
 * are not: a reading with "value": "12" is a client bug we report rather than guess at.
 */
export function registerValidation(app: FastifyInstance): void {
  const strictOptions = {
    allErrors: false,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: false,
  } as const;
  const body = addFormats(new Ajv(strictOptions));
  const text = addFormats(new Ajv({ ...strictOptions, coerceTypes: "array" as const }));
  for (const ajv of [body, text]) ajv.addKeyword({ keyword: "x-unit" });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? body.compile(schema) : text.compile(schema),
  );
}
