import type { Session, StreamTicket, User } from "@unicorn/contracts";
import { randomSecret, sha256, verifyPassword } from "@unicorn/credentials";
import type { AuthRepository, UserRecord } from "./auth.repository";
import type { Principal } from "./principal";
import type { SessionGuard } from "./session-guard";
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
  };
}

/** A new session for the client, and the refresh token that goes into its httpOnly cookie (never the body). */
export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

export class AuthService {
  private readonly apiKeyCache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(
    private readonly repository: AuthRepository,
    private readonly tokens: TokenService,
    private readonly sessions: SessionGuard,
    readonly refreshTtlSeconds: number,
  ) {}

  async login(email: string, password: string): Promise<IssuedSession | undefined> {
    const user = await this.repository.findUserByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !ok) return undefined;
    const sessionId = await this.repository.createSession(user.id, user.tokenVersion);
    return this.issue(user, sessionId);
  }

  /**
   * Rotates the refresh token: the presented one is used up and a new one replaces it. Presenting a used one
   * again means it was copied: the whole family (session) ends, the thief's successor token included.
   */
  async refresh(refreshToken: string): Promise<IssuedSession | undefined> {
    const outcome = await this.repository.useRefreshToken(sha256(refreshToken));
    if (outcome.kind === "replayed") {
      await this.endSession(outcome.sessionId, "refresh token replayed");
      return undefined;
    }
    if (outcome.kind === "invalid") return undefined;
    const [user, state] = await Promise.all([
      this.repository.findUserById(outcome.userId),
      this.repository.sessionState(outcome.sessionId),
    ]);
    // A deleted user, or one whose token version moved on (role or password changed, logged out everywhere).
    if (!user || !state || state.sessionTokenVersion !== user.tokenVersion) {
      await this.endSession(outcome.sessionId, "user changed");
      return undefined;
    }
    return this.issue(user, outcome.sessionId);
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
  async authenticate(credential: string): Promise<Principal | undefined> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(credential);
    const principal = await this.tokens.verifyAccessToken(credential);
    return principal && (await this.sessions.isValid(principal)) ? principal : undefined;
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

  private async authenticateApiKey(key: string): Promise<Principal | undefined> {
    const keyHash = sha256(key);
    const cached = this.apiKeyCache.get(keyHash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const record = await this.repository.findActiveApiKey(keyHash);
    const principal: Principal | undefined = record
      ? { organizationId: record.organizationId, role: record.role, apiKeyId: record.id }
      : undefined;
    this.apiKeyCache.set(keyHash, { principal, until: Date.now() + API_KEY_CACHE_MS });
    return principal;
  }

  private async issue(user: UserRecord, sessionId: string): Promise<IssuedSession> {
    const accessToken = await this.tokens.signAccessToken({
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
      sessionId,
      tokenVersion: user.tokenVersion,
    });
    const refreshToken = randomSecret();
    await this.repository.storeRefreshToken(
      sessionId,
      user.id,
      sha256(refreshToken),
      new Date(Date.now() + this.refreshTtlSeconds * 1000),
    );
    return {
      session: { accessToken, expiresIn: this.tokens.accessTtlSeconds, user: toPublicUser(user) },
      refreshToken,
    };
  }
}
