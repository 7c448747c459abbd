import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { UserSchema } from "../auth/auth.routes";
import { ProblemSchema } from "../http/schemas";
import type { UsersService } from "./users.service";

const Role = Type.Union([Type.Literal("admin"), Type.Literal("agronomist"), Type.Literal("viewer")]);
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

export function registerUsersRoutes(app: FastifyInstance, users: UsersService): void {
  app.get(
    "/users",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Users of the organization",
        response: { 200: Type.Array(UserSchema), ...problems },
      },
    },
    (request) => users.list(request.principal!),
  );

  app.post(
    "/users",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Invite a user with a role",
        body: Type.Object(
          {
            email: Type.String({ format: "email", maxLength: 254 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Role,
            password: Type.String({ minLength: 10, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await users.create(request.principal!, request.body as never)),
  );

  app.patch(
    "/users/:id",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Change a user's name, role or password",
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Type.Optional(Role),
            password: Type.Optional(Type.String({ minLength: 10, maxLength: 1024 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserSchema, ...problems },
      },
    },
    (request) =>
      users.update(request.principal!, (request.params as { id: string }).id, request.body as never),
  );

  app.delete(
    "/users/:id",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Remove a user",
        params: IdParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await users.remove(request.principal!, (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
}
