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

// Verified tokens remembered (a few hundred bytes each); past this many the oldest are forgotten.
const VERIFIED_TOKENS_KEPT = 10_000;

export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens whose signature and claims were verified, until they expire. A token is immutable, so its
   * verification has one answer for its whole life; checking it again per request cost an HMAC through
   * WebCrypto's job queue. Only good tokens are kept: a forged one costs its sender a verification each time.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

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
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.principal;
      this.verified.delete(token);
    }
    const principal = await this.verifyUnremembered(token);
    if (principal) {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT)
        this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, principal);
    }
    return principal?.principal;
  }

  private async verifyUnremembered(
    token: string,
  ): Promise<{ principal: Principal; expiresAtMs: number } | undefined> {
    let payload: unknown;
    let expiresAtMs: number;
    try {
      const verified = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      });
      payload = verified.payload;
      // jwtVerify refuses a token without a numeric exp only when told to; every token we sign has one.
      if (typeof verified.payload.exp !== "number") return undefined;
      expiresAtMs = verified.payload.exp * 1000;
    } catch {
      return undefined;
    }
    if (!Value.Check(AccessTokenClaims, payload)) return undefined;
    return {
      principal: {
        userId: payload.sub,
        organizationId: payload.org,
        role: payload.role,
        sessionId: payload.sid,
        tokenVersion: payload.ver,
      },
      expiresAtMs,
    };
  }
}
