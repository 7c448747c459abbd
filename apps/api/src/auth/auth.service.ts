import type { Session, StreamTicket, User } from "@unicorn/contracts";
import {
  assertAcceptablePassword,
  HashingBusyError,
  hashPassword,
  PasswordPolicyError,
  randomSecret,
  sha256,
  verifyPassword,
} from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { AuditService } from "../audit/audit.service";
import type { AuthRepository, UserRecord } from "./auth.repository";
import type { Principal } from "./principal";
import type { SessionGuard } from "./session-guard";
import { openSuccessor, sealSuccessor } from "./successor-seal";
import type { ThrottleKey } from "./throttle.repository";
import type { AuthThrottle, Refusal } from "./throttle.service";
import type { TokenService } from "./tokens";

export const API_KEY_PREFIX = "uk_";

// Verifying against a real hash when the email is unknown keeps response time from revealing which emails exist.
const DECOY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

// API keys are looked up on every ingest call; a short cache keeps that off the database.
const API_KEY_CACHE_MS = 10_000;

// Long enough for the browser to open the stream after asking for it, short enough to be useless if copied.
export const STREAM_TICKET_TTL_SECONDS = 30;

export function toPublicUser(user: UserRecord): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organizationId,
    mustChangePassword: user.mustChangePassword,
  };
}

/** A new session for the client, and the refresh token that goes into its httpOnly cookie (never the body). */
export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

function refused(refusal: Refusal): Error {
  return errors.tooManyRequests(
    `too many failed attempts; try again in ${refusal.retryAfterSeconds} s`,
    refusal.retryAfterSeconds,
  );
}

export class AuthService {
  private readonly apiKeyCache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(
    private readonly repository: AuthRepository,
    private readonly tokens: TokenService,
    private readonly sessions: SessionGuard,
    readonly refreshTtlSeconds: number,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditService,
    /** How long after a rotation the same refresh token may be presented once more (a lost answer's retry). */
    private readonly refreshRetryGraceSeconds = 10,
  ) {}

  /**
   * Throttled per account and per client address before any hashing: a blocked attempt costs one query, not
   * a scrypt. An address the user signed in from recently is not held by the account's lock (only by its own
   * address's), so failing on purpose elsewhere cannot keep the real user out.
   */
  async login(email: string, password: string, clientAddress: string): Promise<IssuedSession | undefined> {
    const user = await this.repository.findUserByEmail(email);
    const account: ThrottleKey = { scope: "login_account", subject: email.trim().toLowerCase() };
    const address: ThrottleKey = { scope: "login_address", subject: clientAddress };
    const known = user ? await this.throttle.isKnownAddress(user.id, clientAddress) : false;
    const refusal = await this.throttle.refusal(known ? [address] : [account, address]);
    if (refusal) throw refused(refusal);

    let ok: boolean;
    try {
      ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
    } catch (error) {
      if (error instanceof HashingBusyError) this.throttle.countRefusal("hashing_busy");
      throw error;
    }
    const attempt = {
      action: "auth.login" as const,
      organizationId: user?.organizationId,
      actorUserId: user?.id,
      actorLabel: account.subject,
      clientAddress,
    };
    if (!user || !ok) {
      await this.throttle.fail([account, address], { organizationId: user?.organizationId, clientAddress });
      await this.audit.record({ ...attempt, outcome: "failure" });
      return undefined;
    }
    await this.throttle.succeeded(account);
    await this.throttle.rememberAddress(user.id, clientAddress);
    await this.audit.record(attempt);
    const sessionId = await this.repository.createSession(user.id, user.tokenVersion);
    return this.issue(user, sessionId);
  }

  /**
   * Rotates the refresh token: the presented one is used up and a new one replaces it. Presenting a used one
   * again means it was copied: the whole family (session) ends, the thief's successor token included. The one
   * exception is a client whose refresh answer was lost (a dropped connection, a tab closed mid-request): it
   * presents the same token within `refreshRetryGraceSeconds`, once, before using the successor, and gets that
   * same successor again (OAuth 2.0 Security BCP, RFC 9700 §4.14.2, allows such a grace for retries).
   */
  async refresh(refreshToken: string): Promise<IssuedSession | undefined> {
    const successor = randomSecret();
    const outcome = await this.repository.rotateRefreshToken(
      sha256(refreshToken),
      {
        tokenHash: sha256(successor),
        sealed: sealSuccessor(refreshToken, successor),
        expiresAt: new Date(Date.now() + this.refreshTtlSeconds * 1000),
      },
      this.refreshRetryGraceSeconds,
    );
    if (outcome.kind === "replayed") {
      await this.endSession(outcome.sessionId, "refresh token replayed");
      return undefined;
    }
    if (outcome.kind === "invalid") return undefined;
    const next = outcome.kind === "rotated" ? successor : openSuccessor(refreshToken, outcome.sealed);
    if (next === undefined) {
      await this.endSession(outcome.sessionId, "refresh successor unreadable");
      return undefined;
    }
    const [user, state] = await Promise.all([
      this.repository.findUserById(outcome.userId),
      this.repository.sessionState(outcome.sessionId),
    ]);
    // A deleted user, or one whose token version moved on (role or password changed, logged out everywhere).
    if (!user || !state || state.sessionTokenVersion !== user.tokenVersion) {
      await this.endSession(outcome.sessionId, "user changed");
      return undefined;
    }
    return this.answer(user, outcome.sessionId, next);
  }

  /** Ends the session the refresh token belongs to (its access tokens stop working too). */
  async logout(refreshToken: string): Promise<void> {
    const sessionId = await this.repository.sessionOfRefreshToken(sha256(refreshToken));
    if (sessionId) await this.endSession(sessionId, "logout");
  }

  /** Ends every session of the calling user, on every device. */
  async logoutEverywhere(principal: Principal): Promise<void> {
    if (!principal.userId) return;
    await this.repository.revokeAllSessions(principal.userId, "logout everywhere");
    this.sessions.forgetUser(principal.userId);
  }

  /** Called when a user's role, password or existence changed here, so this replica refuses at once. */
  userChanged(userId: string): void {
    this.sessions.forgetUser(userId);
  }

  async currentUser(principal: Principal): Promise<User | undefined> {
    if (!principal.userId) return undefined;
    const user = await this.repository.findUserById(principal.userId);
    return user ? toPublicUser(user) : undefined;
  }

  /** Bearer JWT of a live session for people, or an API key (`uk_...`) for devices and gateways. */
  async authenticate(credential: string, clientAddress: string): Promise<Principal | undefined> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(credential, clientAddress);
    const principal = await this.tokens.verifyAccessToken(credential);
    if (!principal || !(await this.sessions.isValid(principal))) return undefined;
    return (await this.sessions.mustChangePassword(principal))
      ? { ...principal, mustChangePassword: true }
      : principal;
  }

  /**
   * A person replaces their own password (a temporary one included): the current one must be right, the new one
   * pass the policy and differ from it. Every session of theirs ends; the client signs in again with the new one.
   */
  async changeOwnPassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    if (!principal.userId) throw errors.unauthorized("this credential does not belong to a person");
    const user = await this.repository.findUserById(principal.userId);
    if (!user) throw errors.unauthorized();
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      throw errors.unprocessable("is not your current password", "currentPassword");
    if (newPassword === currentPassword)
      throw errors.unprocessable("must differ from the current password", "newPassword");
    try {
      assertAcceptablePassword(newPassword);
    } catch (error) {
      if (error instanceof PasswordPolicyError) throw errors.badRequest(error.message, "newPassword");
      throw error;
    }
    await this.repository.setOwnPassword(user.id, await hashPassword(newPassword));
    this.sessions.forgetUser(user.id);
    await this.audit.recordBy(principal, {
      action: "user.password_change",
      targetType: "user",
      targetId: user.id,
      details: { own: true },
    });
  }

  /** Whether a principal authenticated earlier (an open stream's) may still act. */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.apiKeyId) return this.repository.apiKeyActive(principal.apiKeyId);
    return this.sessions.isValid(principal);
  }

  async issueStreamTicket(principal: Principal): Promise<StreamTicket> {
    const ticket = randomSecret();
    await this.repository.storeStreamTicket(
      sha256(ticket),
      {
        organizationId: principal.organizationId,
        role: principal.role,
        userId: principal.userId ?? null,
        sessionId: principal.sessionId ?? null,
        tokenVersion: principal.tokenVersion ?? null,
        apiKeyId: principal.apiKeyId ?? null,
      },
      new Date(Date.now() + STREAM_TICKET_TTL_SECONDS * 1000),
    );
    return { ticket, expiresIn: STREAM_TICKET_TTL_SECONDS };
  }

  /** The principal a stream ticket was issued to, if the ticket is fresh, unused and its holder still valid. */
  async redeemStreamTicket(ticket: string): Promise<Principal | undefined> {
    const record = await this.repository.redeemStreamTicket(sha256(ticket));
    if (!record) return undefined;
    const principal: Principal = {
      organizationId: record.organizationId,
      role: record.role,
      ...(record.userId ? { userId: record.userId } : {}),
      ...(record.sessionId ? { sessionId: record.sessionId } : {}),
      ...(record.tokenVersion !== null ? { tokenVersion: record.tokenVersion } : {}),
      ...(record.apiKeyId ? { apiKeyId: record.apiKeyId } : {}),
    };
    return (await this.stillValid(principal)) ? principal : undefined;
  }

  forgetApiKey(keyHash: string): void {
    this.apiKeyCache.delete(keyHash);
  }

  clearApiKeyCache(): void {
    this.apiKeyCache.clear();
  }

  private async endSession(sessionId: string, reason: string): Promise<void> {
    await this.repository.revokeSession(sessionId, reason);
    this.sessions.forgetSession(sessionId);
  }

  /**
   * A key in use is served from the cache. Anything else is throttled per client address: an address that keeps
   * presenting unknown keys is refused before the database is asked (random keys never hit the cache).
   */
  private async authenticateApiKey(key: string, clientAddress: string): Promise<Principal | undefined> {
    const keyHash = sha256(key);
    const cached = this.apiKeyCache.get(keyHash);
    if (cached?.principal && cached.until > Date.now()) return cached.principal;
    const address: ThrottleKey = { scope: "api_key_address", subject: clientAddress };
    const refusal = await this.throttle.refusal([address]);
    if (refusal) throw refused(refusal);
    const record =
      cached && cached.until > Date.now() ? undefined : await this.repository.findActiveApiKey(keyHash);
    const principal: Principal | undefined = record
      ? { organizationId: record.organizationId, role: record.role, apiKeyId: record.id }
      : undefined;
    if (!cached || cached.until <= Date.now())
      this.apiKeyCache.set(keyHash, { principal, until: Date.now() + API_KEY_CACHE_MS });
    if (!principal) await this.throttle.fail([address], { clientAddress });
    return principal;
  }

  /** A new session's first refresh token, stored, and its access token. */
  private async issue(user: UserRecord, sessionId: string): Promise<IssuedSession> {
    const refreshToken = randomSecret();
    await this.repository.storeRefreshToken(
      sessionId,
      user.id,
      sha256(refreshToken),
      new Date(Date.now() + this.refreshTtlSeconds * 1000),
    );
    return this.answer(user, sessionId, refreshToken);
  }

  private async answer(user: UserRecord, sessionId: string, refreshToken: string): Promise<IssuedSession> {
    const accessToken = await this.tokens.signAccessToken({
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
      sessionId,
      tokenVersion: user.tokenVersion,
    });
    return {
      session: { accessToken, expiresIn: this.tokens.accessTtlSeconds, user: toPublicUser(user) },
      refreshToken,
    };
  }
}
