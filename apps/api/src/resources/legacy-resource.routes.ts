// Transitional: the resources not yet moved to routes/service/repository use this copy of the old machinery.
import type { FastifyInstance } from "fastify";
import { type TSchema, Type } from "typebox";
import type { Principal } from "../auth/principal";
import { errors } from "../http/app-error";
import { ProblemSchema } from "../http/schemas";

export interface ResourceService<T> {
  list(
    principal: Principal,
    query: { limit: number; offset: number; filters: Record<string, unknown> },
  ): Promise<{
    items: T[];
    total: number;
  }>;
  get(principal: Principal, id: string): Promise<T | undefined>;
  create(principal: Principal, input: Record<string, unknown>): Promise<T>;
  update(principal: Principal, id: string, input: Record<string, unknown>): Promise<T | undefined>;
  remove(principal: Principal, id: string): Promise<boolean>;
}

export interface ResourceRoutesSpec<T> {
  /** URL segment, e.g. "farms". */
  path: string;
  /** Human name for errors and docs, e.g. "farm". */
  noun: string;
  tag: string;
  item: TSchema;
  create: TSchema;
  update: TSchema;
  /** Equality filters for the list endpoint (query string properties). */
  filters: Record<string, TSchema>;
  service: ResourceService<T>;
}

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** The five routes every resource has; services hold what differs between resources. */
export function registerResourceRoutes<T>(app: FastifyInstance, spec: ResourceRoutesSpec<T>): void {
  const { path, noun, tag, service } = spec;
  const ListQuery = Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
      offset: Type.Integer({ minimum: 0, default: 0 }),
      ...spec.filters,
    },
    { additionalProperties: false },
  );
  const Page = Type.Object({
    items: Type.Array(spec.item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });

  app.get(
    `/${path}`,
    {
      config: { permission: "read" },
      schema: {
        tags: [tag],
        summary: `List ${path}`,
        querystring: ListQuery,
        response: { 200: Page, ...problems },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as { limit: number; offset: number } & Record<
        string,
        unknown
      >;
      const page = await service.list(request.principal!, { limit, offset, filters });
      return { ...page, limit, offset };
    },
  );

  app.get(
    `/${path}/:id`,
    {
      config: { permission: "read" },
      schema: {
        tags: [tag],
        summary: `Get one ${noun}`,
        params: IdParams,
        response: { 200: spec.item, ...problems },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const item = await service.get(request.principal!, id);
      if (!item) throw errors.notFound(noun, "id");
      return item;
    },
  );

  app.post(
    `/${path}`,
    {
      config: { permission: "write" },
      schema: {
        tags: [tag],
        summary: `Create a ${noun}`,
        body: spec.create,
        response: { 201: spec.item, ...problems, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.principal!, request.body as Record<string, unknown>);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    `/${path}/:id`,
    {
      config: { permission: "write" },
      schema: {
        tags: [tag],
        summary: `Update a ${noun}`,
        params: IdParams,
        body: spec.update,
        response: { 200: spec.item, ...problems, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const updated = await service.update(request.principal!, id, request.body as Record<string, unknown>);
      if (!updated) throw errors.notFound(noun, "id");
      return updated;
    },
  );

  app.delete(
    `/${path}/:id`,
    {
      config: { permission: "write" },
      schema: {
        tags: [tag],
        summary: `Delete a ${noun}`,
        params: IdParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await service.remove(request.principal!, id))) throw errors.notFound(noun, "id");
      return reply.status(204).send();
    },
  );
}
