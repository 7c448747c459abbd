import { type Static, Type } from "typebox";
import { Uuid } from "./common";
import { User } from "./users";
import { UserRole } from "./vocabularies";

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** The refresh token travels only in the httpOnly cookie of this name, scoped to the auth path. */
export const REFRESH_COOKIE = "unicorn_refresh";

/**
 * A session as the client sees it: the short-lived access token (kept in memory, sent as a bearer token). The
 * refresh token is never in a body: it is set as an httpOnly cookie that scripts cannot read.
 */
export const Session = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: "access token lifetime in seconds" }),
  user: User,
});
export type Session = Static<typeof Session>;

/**
 * What a valid access token claims, checked after its signature: a token signed with a leaked key but naming
 * an unknown role, a non-UUID id or no session is refused as a whole, never half-trusted.
 */
export const AccessTokenClaims = Type.Object({
  sub: Uuid,
  org: Uuid,
  sid: Uuid,
  role: UserRole,
  ver: Type.Integer({ minimum: 1, description: "the user's token version when the session began" }),
});
export type AccessTokenClaims = Static<typeof AccessTokenClaims>;

/** A single-use ticket that opens the live stream (EventSource cannot send an Authorization header). */
export const StreamTicket = Type.Object({
  ticket: Type.String({
    description: "pass as ?ticket= to GET /stream within expiresIn seconds; usable once",
  }),
  expiresIn: Type.Integer({ description: "seconds the ticket stays valid" }),
});
export type StreamTicket = Static<typeof StreamTicket>;
