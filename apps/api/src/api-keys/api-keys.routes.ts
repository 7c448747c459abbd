import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { ProblemSchema } from "../http/schemas";
import type { ApiKeysService } from "./api-keys.service";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const ApiKeySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  prefix: Type.String({ description: "first characters of the key, to recognise it" }),
  role: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  lastUsedAt: Nullable(Type.String({ format: "date-time" })),
  revokedAt: Nullable(Type.String({ format: "date-time" })),
});
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export function registerApiKeysRoutes(app: FastifyInstance, keys: ApiKeysService): void {
  app.get(
    "/api-keys",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "API keys of the organization",
        response: { 200: Type.Array(ApiKeySchema), ...problems },
      },
    },
    (request) => keys.list(request.principal!),
  );

  app.post(
    "/api-keys",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Create an API key for a device or gateway; the key is shown only in this response",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.Optional(
              Type.Union([Type.Literal("device"), Type.Literal("agronomist"), Type.Literal("viewer")], {
                description: "device keys may only ingest readings (default)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([ApiKeySchema, Type.Object({ key: Type.String() })]), ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await keys.create(request.principal!, request.body as never)),
  );

  app.delete(
    "/api-keys/:id",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Revoke an API key",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await keys.revoke(request.principal!, (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
}
