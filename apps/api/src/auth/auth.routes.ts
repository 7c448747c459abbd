import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { errors } from "../http/app-error";
import { ProblemSchema } from "../http/schemas";
import type { AuthService } from "./auth.service";

export const UserSchema = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    email: Type.String(),
    name: Type.String(),
    role: Type.Union([Type.Literal("admin"), Type.Literal("agronomist"), Type.Literal("viewer")]),
    organizationId: Type.String({ format: "uuid" }),
  },
  { $id: "User" },
);

const Session = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: "access token lifetime in seconds" }),
  user: UserSchema,
});
const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export function registerAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  app.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Log in with email and password",
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const { email, password } = request.body as { email: string; password: string };
      const session = await auth.login(email, password);
      if (!session) throw errors.unauthorized("email or password is incorrect");
      return session;
    },
  );

  app.post(
    "/auth/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange a refresh token for a new session (the old token is revoked)",
        body: RefreshBody,
        response: { 200: Session, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const session = await auth.refresh((request.body as { refreshToken: string }).refreshToken);
      if (!session) throw errors.unauthorized("refresh token is invalid, expired or already used");
      return session;
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Revoke a refresh token",
        body: RefreshBody,
        response: { 204: Type.Null(), 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      await auth.logout((request.body as { refreshToken: string }).refreshToken);
      return reply.status(204).send();
    },
  );
}

/** The caller's own account (authenticated scope). */
export function registerMeRoute(app: FastifyInstance, auth: AuthService): void {
  app.get(
    "/me",
    {
      config: { permission: "read" },
      schema: {
        tags: ["auth"],
        summary: "The logged-in user",
        response: { 200: UserSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const user = await auth.currentUser(request.principal!);
      if (!user) throw errors.unauthorized("this credential does not belong to a person");
      return user;
    },
  );
}
