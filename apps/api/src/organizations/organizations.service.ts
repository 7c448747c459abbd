import { hashPassword } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { OrganizationsRepository } from "./organizations.repository";

export interface NewOrganization {
  name: string;
  adminEmail: string;
  adminName: string;
  adminPassword: string;
}

// The same limits as inviting a user (POST /users), so a first admin is held to what every later user is.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL = 254;
const MAX_NAME = 200;
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 1024;
const UNIQUE_VIOLATION = "23505";

function validPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD)
    throw errors.badRequest(`the password needs ${MIN_PASSWORD} to ${MAX_PASSWORD} characters`, field);
}

/**
 * What an operator does before anyone can log in, so there is no HTTP endpoint for it: create an
 * organization with its first admin (`unicorn init`, the demo seed), find one by name, reset a user's
 * password, delete an organization with all its data (`unicorn seed --reset`).
 */
export class OrganizationsService {
  constructor(private readonly repository: OrganizationsRepository) {}

  async createOrganization(input: NewOrganization): Promise<{ organizationId: string; adminId: string }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME)
      throw errors.badRequest(`the organization's name needs 1 to ${MAX_NAME} characters`, "name");
    if (!EMAIL.test(input.adminEmail) || input.adminEmail.length > MAX_EMAIL)
      throw errors.badRequest("must be an e-mail address", "adminEmail");
    const adminName = input.adminName.trim();
    if (adminName.length === 0 || adminName.length > MAX_NAME)
      throw errors.badRequest(`the admin's name needs 1 to ${MAX_NAME} characters`, "adminName");
    validPassword(input.adminPassword, "adminPassword");
    const taken = errors.conflict(`a user with ${input.adminEmail} already exists`, "adminEmail");
    if (await this.repository.emailTaken(input.adminEmail)) throw taken;
    const passwordHash = await hashPassword(input.adminPassword);
    try {
      return await this.repository.createWithAdmin(name, {
        email: input.adminEmail,
        name: adminName,
        passwordHash,
      });
    } catch (error) {
      // Another writer took the address between the check and the insert.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw taken;
      throw error;
    }
  }

  findOrganization(name: string): Promise<string | undefined> {
    return this.repository.findByName(name);
  }

  /** Gives a user of the organization a new password; false when it has no user with this e-mail. */
  async setPassword(organizationId: string, email: string, password: string): Promise<boolean> {
    validPassword(password, "password");
    return this.repository.setPassword(organizationId, email, await hashPassword(password));
  }

  deleteOrganization(organizationId: string): Promise<void> {
    return this.repository.delete(organizationId);
  }
}
