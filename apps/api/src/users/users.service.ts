import { randomUUID } from "node:crypto";
import type { User, UserCreate, UserUpdate } from "@unicorn/contracts";
import { assertAcceptablePassword, hashPassword } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { AuditService } from "../audit/audit.service";
import type { Principal } from "../auth/principal";
import type { AuthThrottle } from "../auth/throttle.service";
import type { UsersRepository } from "./users.repository";

/**
 * Emails sign people in, so they are unique across organizations. An email already in the admin's own
 * organization is refused by name (the admin sees those users anyway). An email of another organization must not
 * be confirmed to exist (OWASP ASVS 4.0.3 V2.2.x, account enumeration): the answer is the one a new address gets,
 * a 201 with a user, but nothing is stored, and the attempt is audited installation-wide (the operator sees it,
 * the other organization's admins do not learn of the asker). The password is hashed in both cases so the answer
 * takes as long. What stays visible is that the user does not appear in the list; invitations confirmed by email
 * would be the way to hide even that.
 */
const UNIQUE_VIOLATION = "23505";
const EMAIL_IN_ORGANIZATION = "a user with this email is already in your organization";

export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly audit: AuditService,
    private readonly throttle: AuthThrottle,
    /** A user's role, password or existence changed: their sessions end (the database bumps token_version). */
    private readonly onAccessChanged: (userId: string) => void = () => {},
  ) {}

  list(principal: Principal): Promise<User[]> {
    return this.repository.list(principal.organizationId);
  }

  async create(principal: Principal, input: UserCreate): Promise<User> {
    assertAcceptablePassword(input.password);
    const owner = await this.repository.emailOrganization(input.email);
    if (owner === principal.organizationId) throw errors.conflict(EMAIL_IN_ORGANIZATION, "email");
    const passwordHash = await hashPassword(input.password);
    if (owner !== undefined) return this.answerAsNew(principal, input);
    let user: User;
    try {
      user = await this.repository.insert(principal.organizationId, {
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
      });
    } catch (error) {
      // Another admin took the address between the check and the insert: answered like any taken address.
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      if ((await this.repository.emailOrganization(input.email)) === principal.organizationId)
        throw errors.conflict(EMAIL_IN_ORGANIZATION, "email");
      return this.answerAsNew(principal, input);
    }
    await this.audit.recordBy(principal, {
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      details: { role: user.role },
    });
    return user;
  }

  /** The answer a new address gets, for an address of another organization: nothing is stored. */
  private async answerAsNew(principal: Principal, input: UserCreate): Promise<User> {
    await this.audit.record({
      action: "user.create",
      outcome: "refused",
      actorUserId: principal.userId,
      actorLabel: input.email,
      details: { reason: "email_in_another_organization", askingOrganizationId: principal.organizationId },
    });
    return {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      organizationId: principal.organizationId,
      mustChangePassword: false,
    };
  }

  /**
   * `temporary`: the password is one an admin was given to pass on (a reset), so its holder must replace it
   * before anything else; a password the admin sets otherwise is the user's own from then on.
   */
  async update(
    principal: Principal,
    id: string,
    input: UserUpdate,
    options: { temporary?: boolean } = {},
  ): Promise<User> {
    if (input.password !== undefined) assertAcceptablePassword(input.password);
    const before = await this.repository.find(principal.organizationId, id);
    if (!before) throw errors.notFound("user", "id");
    if (input.role && input.role !== "admin") await this.keepOneAdmin(principal, before);
    const updated = await this.repository.update(principal.organizationId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.password !== undefined
        ? { passwordHash: await hashPassword(input.password), mustChangePassword: options.temporary === true }
        : {}),
    });
    if (!updated) throw errors.notFound("user", "id");
    if (input.role !== undefined || input.password !== undefined) this.onAccessChanged(id);
    const target = { targetType: "user", targetId: id };
    if (updated.role !== before.role)
      await this.audit.recordBy(principal, {
        action: "user.role_change",
        ...target,
        details: { from: before.role, to: updated.role },
      });
    if (input.password !== undefined)
      await this.audit.recordBy(principal, { action: "user.password_change", ...target });
    return updated;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const target = await this.repository.find(principal.organizationId, id);
    if (!target) throw errors.notFound("user", "id");
    await this.keepOneAdmin(principal, target);
    if (!(await this.repository.softDelete(principal.organizationId, id)))
      throw errors.notFound("user", "id");
    this.onAccessChanged(id);
    await this.audit.recordBy(principal, {
      action: "user.remove",
      targetType: "user",
      targetId: id,
      details: { role: target.role },
    });
  }

  /** Lifts the lock (and back-off) on a user's logins before it expires. */
  async unlock(principal: Principal, id: string): Promise<void> {
    const target = await this.repository.find(principal.organizationId, id);
    if (!target) throw errors.notFound("user", "id");
    const wasBlocked = await this.throttle.clear({
      scope: "login_account",
      subject: target.email.trim().toLowerCase(),
    });
    await this.audit.recordBy(principal, {
      action: "auth.unlock",
      targetType: "user",
      targetId: id,
      details: { wasBlocked },
    });
  }

  // An organization without an admin could never manage its users again.
  private async keepOneAdmin(principal: Principal, target: User): Promise<void> {
    if (target.role === "admin" && (await this.repository.countAdmins(principal.organizationId)) <= 1) {
      throw errors.conflict("the organization's last admin cannot be demoted or removed", "role");
    }
  }
}
