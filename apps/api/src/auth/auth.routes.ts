import { LoginBody, OwnPasswordChange, Problem, Session, StreamTicket, User } from "@unicorn/contracts";
import { errors, type FeaturePlugin } from "@unicorn/http";
import { Type } from "typebox";
import type { AuthService } from "./auth.service";
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from "./refresh-cookie";

type AuthRouteOptions = {
  auth: AuthService;
  /** Mark the refresh cookie Secure even on a plain-HTTP request (a TLS proxy that sends no X-Forwarded-Proto). */
  secureCookies: boolean;
};

const COOKIE_NOTE =
  "The refresh token travels only in the httpOnly `unicorn_refresh` cookie (path /api/v1/auth).";

/** Public: logging in and refreshing a session are how a caller gets a credential. */
export const authRoutes: FeaturePlugin<AuthRouteOptions> = async (app, { auth, secureCookies }) => {
  app.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Log in with email and password",
        description: `Starts a session. ${COOKIE_NOTE}`,
        body: LoginBody,
        response: { 200: Session, 400: Problem, 401: Problem, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const issued = await auth.login(request.body.email, request.body.password, request.ip);
      if (!issued) throw errors.unauthorized("email or password is incorrect");
      setRefreshCookie(request, reply, issued.refreshToken, auth.refreshTtlSeconds, secureCookies);
      return issued.session;
    },
  );

  app.post(
    "/auth/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange the refresh cookie for a new access token (the cookie is rotated)",
        description: `${COOKIE_NOTE} A refresh token presented a second time ends its whole session.`,
        response: { 200: Session, 401: Problem },
      },
    },
    async (request, reply) => {
      const token = refreshCookieOf(request);
      const issued = token ? await auth.refresh(token) : undefined;
      if (!issued) {
        clearRefreshCookie(request, reply, secureCookies);
        throw errors.unauthorized("refresh token is missing, invalid, expired or already used");
      }
      setRefreshCookie(request, reply, issued.refreshToken, auth.refreshTtlSeconds, secureCookies);
      return issued.session;
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "End this session (its refresh and access tokens)",
        description: COOKIE_NOTE,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = refreshCookieOf(request);
      if (token) await auth.logout(token);
      clearRefreshCookie(request, reply, secureCookies);
      return reply.status(204).send(null);
    },
  );
};

/** The caller's own account and sessions (authenticated scope). */
export const meRoutes: FeaturePlugin<AuthRouteOptions> = async (app, { auth, secureCookies }) => {
  app.get(
    "/me",
    {
      config: { permission: "read", beforePasswordChange: true },
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

  app.post(
    "/me/password",
    {
      config: { permission: "read", beforePasswordChange: true },
      schema: {
        tags: ["auth"],
        summary:
          "Choose your own password (required after an admin reset): needs the current one; every session of yours ends, so sign in again with the new one",
        body: OwnPasswordChange,
        response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      await auth.changeOwnPassword(request.principal, request.body.currentPassword, request.body.newPassword);
      clearRefreshCookie(request, reply, secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/auth/logout-all",
    {
      config: { permission: "read", beforePasswordChange: true },
      schema: {
        tags: ["auth"],
        summary: "End every session of the logged-in user, on every device",
        response: { 204: Type.Null(), 401: Problem },
      },
    },
    async (request, reply) => {
      if (!request.principal.userId) throw errors.unauthorized("this credential does not belong to a person");
      await auth.logoutEverywhere(request.principal);
      clearRefreshCookie(request, reply, secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/stream/tickets",
    {
      config: { permission: "read" },
      schema: {
        tags: ["live"],
        summary: "A single-use ticket that opens the live stream (GET /stream?ticket=)",
        response: { 201: StreamTicket, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.issueStreamTicket(request.principal)),
  );
};
