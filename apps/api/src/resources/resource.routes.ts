import { commonProblems, IdParams, type Page, Problem, pageOf } from "@unicorn/contracts";
import { type ApiInstance, errors } from "@unicorn/http";
import type { FastifyTypeProviderDefault } from "fastify";
import { type Static, type TObject, type TSchema, Type } from "typebox";
import type { Principal } from "../auth/principal";

/** Paging and the resource's own equality filters, as the list route validated them. */
export interface ListQuery {
  limit: number;
  offset: number;
  [filter: string]: unknown;
}

export interface ResourceService<T, Create, Update, Query extends ListQuery = ListQuery> {
  list(principal: Principal, query: Query): Promise<Page<T>>;
  get(principal: Principal, id: string): Promise<T | undefined>;
  create(principal: Principal, input: Create): Promise<T>;
  update(principal: Principal, id: string, input: Update): Promise<T | undefined>;
  remove(principal: Principal, id: string): Promise<boolean>;
}

/** A resource's contract: its representation, its create and update bodies and its list query. */
export interface ResourceSchemas<
  Item extends TSchema,
  Create extends TObject,
  Update extends TObject,
  Query extends TObject,
> {
  item: Item;
  create: Create;
  update: Update;
  query: Query;
}

export interface ResourceRoutesSpec<
  Item extends TSchema,
  Create extends TObject,
  Update extends TObject,
  Query extends TObject,
> {
  /** URL segment, e.g. "farms". */
  path: string;
  /** Human name for errors and docs, e.g. "farm". */
  noun: string;
  tag: string;
  schemas: ResourceSchemas<Item, Create, Update, Query>;
  service: ResourceService<Static<Item>, Static<Create>, Static<Update>, Static<Query> & ListQuery>;
}

/** The validator has checked `value` against the route's schema before any handler runs. */
function validated<T>(value: unknown): T {
  return value as T;
}

const writeProblems = { ...commonProblems, 409: Problem, 422: Problem };

/** The five routes every resource has; services hold what differs between resources. */
export function registerResourceRoutes<
  Item extends TSchema,
  Create extends TObject,
  Update extends TObject,
  Query extends TObject,
>(api: ApiInstance, spec: ResourceRoutesSpec<Item, Create, Update, Query>): void {
  const { path, noun, tag, service, schemas } = spec;
  // TypeScript cannot resolve a type provider's types for schemas that are themselves type parameters, so the
  // generic routes take their inputs through `validated`, the one place the validator's guarantee is named.
  const app = api.withTypeProvider<FastifyTypeProviderDefault>();
  const page = pageOf(schemas.item);

  app.get(
    `/${path}`,
    {
      config: { permission: "read" },
      schema: {
        tags: [tag],
        summary: `List ${path}`,
        querystring: schemas.query,
        response: { 200: page, ...commonProblems },
      },
    },
    async (request) => service.list(request.principal, validated(request.query)),
  );

  app.get(
    `/${path}/:id`,
    {
      config: { permission: "read" },
      schema: {
        tags: [tag],
        summary: `Get one ${noun}`,
        params: IdParams,
        response: { 200: schemas.item, ...commonProblems },
      },
    },
    async (request) => {
      const item = await service.get(request.principal, validated<IdParams>(request.params).id);
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
        body: schemas.create,
        response: { 201: schemas.item, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(request.principal, validated(request.body))),
  );

  app.patch(
    `/${path}/:id`,
    {
      config: { permission: "write" },
      schema: {
        tags: [tag],
        summary: `Update a ${noun}`,
        params: IdParams,
        body: schemas.update,
        response: { 200: schemas.item, ...writeProblems },
      },
    },
    async (request) => {
      const { id } = validated<IdParams>(request.params);
      const updated = await service.update(request.principal, id, validated(request.body));
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
        response: { 204: Type.Null(), ...commonProblems },
      },
    },
    async (request, reply) => {
      if (!(await service.remove(request.principal, validated<IdParams>(request.params).id)))
        throw errors.notFound(noun, "id");
      return reply.status(204).send();
    },
  );
}
