import { ApiKeyCreate, ApiKeyCreated, ApiKeyList, commonProblems, IdParams } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { Type } from "typebox";
import type { ApiKeysService } from "./api-keys.service";

export const apiKeysRoutes: FeaturePlugin<{ apiKeys: ApiKeysService }> = async (app, { apiKeys }) => {
  app.get(
    "/api-keys",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "API keys of the organization",
        response: { 200: ApiKeyList, ...commonProblems },
      },
    },
    (request) => apiKeys.list(request.principal),
  );

  app.post(
    "/api-keys",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Create an API key for a device or gateway; the key is shown only in this response",
        body: ApiKeyCreate,
        response: { 201: ApiKeyCreated, ...commonProblems },
      },
    },
    async (request, reply) => reply.status(201).send(await apiKeys.create(request.principal, request.body)),
  );

  app.delete(
    "/api-keys/:id",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Revoke an API key",
        params: IdParams,
        response: { 204: Type.Null(), ...commonProblems },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
