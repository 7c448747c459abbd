import {
  commonProblems,
  IdParams,
  Problem,
  User,
  UserCreate,
  UserList,
  UserUpdate,
} from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { Type } from "typebox";
import type { UsersService } from "./users.service";

const problems = { ...commonProblems, 409: Problem };

export const usersRoutes: FeaturePlugin<{ users: UsersService }> = async (app, { users }) => {
  app.get(
    "/users",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Users of the organization",
        response: { 200: UserList, ...problems },
      },
    },
    (request) => users.list(request.principal),
  );

  app.post(
    "/users",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Invite a user with a role",
        body: UserCreate,
        response: { 201: User, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await users.create(request.principal, request.body)),
  );

  app.patch(
    "/users/:id",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Change a user's name, role or password",
        params: IdParams,
        body: UserUpdate,
        response: { 200: User, ...problems },
      },
    },
    (request) => users.update(request.principal, request.params.id, request.body),
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
      await users.remove(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
