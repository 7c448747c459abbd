import type { Session, User } from "@unicorn/contracts";
import { HashingBusyError, randomSecret, sha256, verifyPassword } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { AuditService } from "../audit/audit.service";
import type { AuthRepository, UserRecord } from "./auth.repository";
import type { Principal } from "./principal";
import type { ThrottleKey } from "./throttle.repository";
import type { AuthThrottle, Refusal } from "./throttle.service";
import type { TokenService } from "./tokens";

export const API_KEY_PREFIX = "uk_";

// Verifying against a real hash when the email is unknown keeps response time from revealing which emails exist.
const DECOY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

// API keys are looked up on every ingest call; a short cache keeps that off the database.
const API_KEY_CACHE_MS = 10_000;

export function toPublicUser(user: UserRecord): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organizationId,
  };
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
    private readonly refreshTtlSeconds: number,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditService,
  ) {}

  /**
   * Throttled per account and per client address before any hashing: a blocked attempt costs one query, not
   * a scrypt. An address the user signed in from recently is not held by the account's lock (only by its own
   * address's), so failing on purpose elsewhere cannot keep the real user out.
   */
  async login(email: string, password: string, clientAddress: string): Promise<Session | undefined> {
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
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<Session | undefined> {
    const userId = await this.repository.consumeRefreshToken(sha256(refreshToken));
    const user = userId ? await this.repository.findUserById(userId) : undefined;
    return user ? this.issue(user) : undefined;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.repository.consumeRefreshToken(sha256(refreshToken));
  }

  async currentUser(principal: Principal): Promise<User | undefined> {
    if (!principal.userId) return undefined;
    const user = await this.repository.findUserById(principal.userId);
    return user ? toPublicUser(user) : undefined;
  }

  /** Bearer JWT for people, or an API key (`uk_...`) for devices and gateways. */
  async authenticate(credential: string, clientAddress: string): Promise<Principal | undefined> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(credential, clientAddress);
    const principal = await this.tokens.verifyAccessToken(credential);
    return principal;
  }

  forgetApiKey(keyHash: string): void {
    this.apiKeyCache.delete(keyHash);
  }

  clearApiKeyCache(): void {
    this.apiKeyCache.clear();
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

  private async issue(user: UserRecord): Promise<Session> {
    const accessToken = await this.tokens.signAccessToken({
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
    });
    const refreshToken = randomSecret();
    await this.repository.storeRefreshToken(
      user.id,
      sha256(refreshToken),
      new Date(Date.now() + this.refreshTtlSeconds * 1000),
    );
    return { accessToken, refreshToken, expiresIn: this.tokens.accessTtlSeconds, user: toPublicUser(user) };
  }
}
