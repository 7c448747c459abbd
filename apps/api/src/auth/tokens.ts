import { AccessTokenClaims } from "@unicorn/contracts";
import { jwtVerify, SignJWT } from "jose";
import { Value } from "typebox/value";
import type { Principal } from "./principal";

const ISSUER = "unicorn-api";
const AUDIENCE = "unicorn";

/** Who an access token speaks for: a user, in one session, at one token version. */
export interface AccessTokenSubject {
  userId: string;
  organizationId: string;
  role: AccessTokenClaims["role"];
  sessionId: string;
  tokenVersion: number;
}

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly accessTtlSeconds: number,
  ) {
    // An empty key would sign nothing and fail every login at run time: refuse it when the server is built.
    if (secret.trim() === "") throw new Error("the JWT secret is empty");
    this.key = new TextEncoder().encode(secret);
  }

  signAccessToken(subject: AccessTokenSubject): Promise<string> {
    const claims: Omit<AccessTokenClaims, "sub"> = {
      org: subject.organizationId,
      sid: subject.sessionId,
      role: subject.role,
      ver: subject.tokenVersion,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(subject.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.accessTtlSeconds}s`)
      .sign(this.key);
  }

  /**
   * Returns the caller the token claims to be, or undefined for a bad, expired or foreign token, or one whose
   * claims are not exactly the contract's (unknown role, ids that are not UUIDs, no session). Whether that
   * session and user are still valid is the session check's job (SessionGuard).
   */
  async verifyAccessToken(token: string): Promise<Principal | undefined> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      }));
    } catch {
      return undefined;
    }
    if (!Value.Check(AccessTokenClaims, payload)) return undefined;
    return {
      userId: payload.sub,
      organizationId: payload.org,
      role: payload.role,
      sessionId: payload.sid,
      tokenVersion: payload.ver,
    };
  }
}
