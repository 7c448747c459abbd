import type { PasswordReset, User, UserRole } from "@unicorn/contracts";
import { useState } from "react";
import { type ApiError, api } from "../../api/client";
import { FormError, problemText } from "../../components/States";

/** An admin's actions on one user: change the role, reset the password (shown once), remove. */
export function UserAccess({ user, onChanged }: { user: User; onChanged: () => void }) {
  const [error, setError] = useState<string>();
  const [temporary, setTemporary] = useState<string>();
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      onChanged();
    } catch (caught) {
      setError(problemText(caught as ApiError));
    }
  };
  return (
    <div className="user-access">
      <label>
        <span className="visually-hidden">Role of {user.name}</span>
        <select
          value={user.role}
          onChange={(e) =>
            void act(() =>
              api(`/users/${user.id}`, { method: "PATCH", body: { role: e.target.value as UserRole } }),
            )
          }
        >
          <option value="viewer">viewer</option>
          <option value="agronomist">agronomist</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button
        type="button"
        className="secondary small"
        onClick={() =>
          window.confirm(
            `Reset ${user.name}'s password? Their sessions end and they need the new one to sign in.`,
          ) &&
          void act(async () =>
            setTemporary(
              (await api<PasswordReset>(`/users/${user.id}/password-reset`, { method: "POST" }))
                .temporaryPassword,
            ),
          )
        }
      >
        Reset password
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() =>
          window.confirm(`Remove ${user.name} (${user.email})? They can no longer sign in.`) &&
          void act(() => api(`/users/${user.id}`, { method: "DELETE" }))
        }
      >
        Remove
      </button>
      {temporary ? (
        <p role="status" className="temporary-password">
          Temporary password for {user.email}, shown only now: <code>{temporary}</code>
        </p>
      ) : null}
      <FormError message={error} />
    </div>
  );
}
