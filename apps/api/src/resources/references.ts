import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import type { ReferenceTarget } from "./resource.repository";

/** A reference to another row must exist in the caller's organization; a clear 422 names the field otherwise. */
export async function requireReference(
  repository: ReferenceTarget,
  principal: Principal,
  id: unknown,
  field: string,
  noun: string,
): Promise<void> {
  if (typeof id !== "string") return;
  if (!(await repository.exists(principal.organizationId, id))) {
    throw errors.unprocessable(`${noun} ${id} does not exist in your organization`, field);
  }
}
