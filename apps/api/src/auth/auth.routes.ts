import { LoginBody, Problem, RefreshBody, Session, User } from "@unicorn/contracts";
import { errors, type FeaturePlugin } from "@unicorn/http";
import { Type } from "typebox";
import type { AuthService } from "./auth.service";

/** Public: logging in and refreshing a session are how a caller gets a credential. */
export const authRoutes: FeaturePlugin<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Log in with email and password",
        body: LoginBody,
        response: { 200: Session, 400: Problem, 401: Problem },
      },
    },
    async (request) => {
      const session = await auth.login(request.body.email, request.body.password);
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
        response: { 200: Session, 400: Problem, 401: Problem },
      },
    },
    async (request) => {
      const session = await auth.refresh(request.body.refreshToken);
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
        response: { 204: Type.Null(), 400: Problem },
      },
    },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.status(204).send(null);
    },
  );
};

/** The caller's own account (authenticated scope). */
export const meRoutes: FeaturePlugin<{ auth: AuthService }> = async (app, { auth }) => {
  app.get(
    "/me",
    {
      config: { permission: "read" },
      schema: {
        tags: ["auth"],
        summary: "The logged-in user",
        response: { 200: User, 401: Problem },
      },
    },
    async (request) => {
      const user = await auth.currentUser(request.principal);
      if (!user) throw errors.unauthorized("this credential does not belong to a person");
      return user;
    },
  );
};
