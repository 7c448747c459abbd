import type { Session, User } from "@unicorn/contracts";
import { randomSecret, sha256, verifyPassword } from "@unicorn/credentials";
import type { AuthRepository, UserRecord } from "./auth.repository";
import type { Principal } from "./principal";
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

export class AuthService {
  private readonly apiKeyCache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(
    private readonly repository: AuthRepository,
    private readonly tokens: TokenService,
    private readonly refreshTtlSeconds: number,
  ) {}

  async login(email: string, password: string): Promise<Session | undefined> {
    const user = await this.repository.findUserByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !ok) return undefined;
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
  async authenticate(credential: string): Promise<Principal | undefined> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(credential);
    const principal = await this.tokens.verifyAccessToken(credential);
    return principal;
  }

  forgetApiKey(keyHash: string): void {
    this.apiKeyCache.delete(keyHash);
  }

  clearApiKeyCache(): void {
    this.apiKeyCache.clear();
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
