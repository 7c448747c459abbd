import type { ApiKey, ApiKeyCreate, ApiKeyCreated } from "@unicorn/contracts";
import { randomSecret, sha256 } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import { API_KEY_PREFIX, type AuthService } from "../auth/auth.service";
import type { Principal } from "../auth/principal";
import type { ApiKeysRepository } from "./api-keys.repository";

export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly auth: AuthService,
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
    return { ...summary, key };
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    const keyHash = await this.repository.revoke(principal.organizationId, id);
    if (!keyHash) throw errors.notFound("active API key", "id");
    this.auth.forgetApiKey(keyHash);
  }
}
