import type { AuthRepository, SessionState } from "./auth.repository";
import type { Principal } from "./principal";

// Past this many cached sessions, expired entries are swept before adding another.
const SWEEP_ABOVE = 10_000;

/**
 * Decides whether a person's access token still speaks for a live session: the session is not revoked, its
 * user exists, and neither the user's role nor token version changed since it was issued. Each session is
 * looked up at most once per `ttlMs`, so a revocation on another replica takes effect within that time without
 * a query per request; revocations made through this replica are forgotten from the cache at once.
 */
export class SessionGuard {
  private readonly cache = new Map<string, { state: SessionState | undefined; until: number }>();

  constructor(
    private readonly repository: Pick<AuthRepository, "sessionState">,
    readonly ttlMs: number,
  ) {}

  async isValid(principal: Principal): Promise<boolean> {
    const { sessionId, userId, tokenVersion } = principal;
    if (!sessionId || !userId || tokenVersion === undefined) return false;
    const state = await this.stateOf(sessionId);
    return (
      state !== undefined &&
      !state.revoked &&
      state.userId === userId &&
      state.organizationId === principal.organizationId &&
      state.role === principal.role &&
      state.userTokenVersion === tokenVersion &&
      state.sessionTokenVersion === tokenVersion
    );
  }

  /** Whether the session's user holds a temporary password (from the same cached look-up as isValid). */
  async mustChangePassword(principal: Principal): Promise<boolean> {
    if (!principal.sessionId) return false;
    return (await this.stateOf(principal.sessionId))?.mustChangePassword === true;
  }

  forgetSession(sessionId: string): void {
    this.cache.delete(sessionId);
  }

  forgetUser(userId: string): void {
    for (const [sessionId, entry] of this.cache) {
      if (entry.state?.userId === userId) this.cache.delete(sessionId);
    }
  }

  private async stateOf(sessionId: string): Promise<SessionState | undefined> {
    const now = Date.now();
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > now) return cached.state;
    const state = await this.repository.sessionState(sessionId);
    if (this.cache.size >= SWEEP_ABOVE) {
      for (const [id, entry] of this.cache) if (entry.until <= now) this.cache.delete(id);
    }
    this.cache.set(sessionId, { state, until: now + this.ttlMs });
    return state;
  }
}
