import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyRole } from "@unicorn/contracts";
import { randomSecret, sha256 } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { AuditService } from "../audit/audit.service";
import { API_KEY_PREFIX, type AuthService } from "../auth/auth.service";
import type { Principal } from "../auth/principal";
import type { ApiKeysRepository } from "./api-keys.repository";

export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal): Promise<ApiKey[]> {
    return this.repository.list(principal.organizationId);
  }

  /** The key is returned once, here; only its hash is stored. */
  async create(principal: Principal, input: ApiKeyCreate): Promise<ApiKeyCreated> {
    const key = `${API_KEY_PREFIX}${randomSecret(24)}`;
    const summary = await this.repository.insert(principal.organizationId, {
      name: input.name,
      prefix: key.slice(0, 10),
      keyHash: sha256(key),
      role: input.role ?? "device",
      createdBy: principal.userId,
    });
    await this.audit.recordBy(principal, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: summary.id,
      details: { name: summary.name, role: summary.role, prefix: summary.prefix },
    });
    return { ...summary, key };
  }

  /**
   * For the launcher, which keeps no key on disk: revokes the organization's keys of this name and creates a
   * fresh one, returned only to the caller. Both steps are audited with `actor` as who did them.
   */
  async replaceNamedKey(
    organizationId: string,
    name: string,
    role: ApiKeyRole,
    actor: string,
  ): Promise<string> {
    await this.revokeNamedKeys(organizationId, name, actor);
    const key = `${API_KEY_PREFIX}${randomSecret(24)}`;
    const summary = await this.repository.insert(organizationId, {
      name,
      prefix: key.slice(0, 10),
      keyHash: sha256(key),
      role,
      createdBy: undefined,
    });
    await this.audit.record({
      action: "api_key.create",
      organizationId,
      actorLabel: actor,
      targetType: "api_key",
      targetId: summary.id,
      details: { name, role, prefix: summary.prefix },
    });
    return key;
  }

  /** Revokes the organization's active keys of this name (audited with `actor`). */
  async revokeNamedKeys(organizationId: string, name: string, actor: string): Promise<void> {
    for (const old of await this.repository.revokeByName(organizationId, name)) {
      this.auth.forgetApiKey(old.keyHash);
      await this.audit.record({
        action: "api_key.revoke",
        organizationId,
        actorLabel: actor,
        targetType: "api_key",
        targetId: old.id,
      });
    }
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    const keyHash = await this.repository.revoke(principal.organizationId, id);
    if (!keyHash) throw errors.notFound("active API key", "id");
    this.auth.forgetApiKey(keyHash);
    await this.audit.recordBy(principal, { action: "api_key.revoke", targetType: "api_key", targetId: id });
  }
}
