import { commonProblems, IdParams, PasswordReset, Problem } from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { UsersService } from "../users/users.service";
import { temporaryPassword } from "./temporary-password";

export const passwordResetRoutes: FeaturePlugin<{ users: UsersService }> = async (app, { users }) => {
  app.post(
    "/users/:id/password-reset",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["admin"],
        summary:
          "Give a user a new temporary password (answered once, stored as a hash; the user's sessions end). Until they choose their own (POST /me/password) every other endpoint answers 403 password_change_required",
        params: IdParams,
        response: { 200: PasswordReset, ...commonProblems, 409: Problem },
      },
    },
    async (request) => {
      const password = temporaryPassword();
      // The same path as an admin setting a password: policy check, hash, audit (user.password_change), sessions end.
      await users.update(request.principal, request.params.id, { password }, { temporary: true });
      return { temporaryPassword: password };
    },
  );
};
