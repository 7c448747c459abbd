import type { UserRole } from "@unicorn/contracts";
import { jwtVerify, SignJWT } from "jose";
import type { Principal } from "./principal";

const ISSUER = "unicorn-api";
const AUDIENCE = "unicorn";

export interface AccessTokenClaims {
  userId: string;
  organizationId: string;
  role: UserRole;
}

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly accessTtlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  signAccessToken(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ org: claims.organizationId, role: claims.role })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.accessTtlSeconds}s`)
      .sign(this.key);
  }

  /** Returns the caller, or undefined for a bad, expired or foreign token. */
  async verifyAccessToken(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      });
      if (
        typeof payload.sub !== "string" ||
        typeof payload.org !== "string" ||
        typeof payload.role !== "string"
      ) {
        return undefined;
      }
      return { userId: payload.sub, organizationId: payload.org, role: payload.role as UserRole };
    } catch {
      return undefined;
    }
  }
}
