import type { User, UserCreate, UserUpdate } from "@unicorn/contracts";
import { hashPassword } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import type { UsersRepository } from "./users.repository";

export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    /** A user's role, password or existence changed: their sessions end (the database bumps token_version). */
    private readonly onAccessChanged: (userId: string) => void = () => {},
  ) {}

  list(principal: Principal): Promise<User[]> {
    return this.repository.list(principal.organizationId);
  }

  async create(principal: Principal, input: UserCreate): Promise<User> {
    if (await this.repository.emailTaken(input.email))
      throw errors.conflict("a user with this email exists", "email");
    return this.repository.insert(principal.organizationId, {
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
  }

  async update(principal: Principal, id: string, input: UserUpdate): Promise<User> {
    if (input.role && input.role !== "admin") await this.keepOneAdmin(principal, id);
    const updated = await this.repository.update(principal.organizationId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
    });
    if (!updated) throw errors.notFound("user", "id");
    if (input.role !== undefined || input.password !== undefined) this.onAccessChanged(id);
    return updated;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.keepOneAdmin(principal, id);
    if (!(await this.repository.softDelete(principal.organizationId, id)))
      throw errors.notFound("user", "id");
    this.onAccessChanged(id);
  }

  // An organization without an admin could never manage its users again.
  private async keepOneAdmin(principal: Principal, id: string): Promise<void> {
    const users = await this.repository.list(principal.organizationId);
    const target = users.find((user) => user.id === id);
    if (target?.role === "admin" && (await this.repository.countAdmins(principal.organizationId)) <= 1) {
      throw errors.conflict("the organization's last admin cannot be demoted or removed", "role");
    }
  }
}
