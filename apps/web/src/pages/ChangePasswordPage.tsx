import type { User } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { type ApiError, api, login } from "../api/client";
import { problemText } from "../components/States";

/**
 * After an admin reset the temporary password opens nothing else (the API refuses every other request): the
 * user chooses their own here. The change ends every session, so the page signs in again with the new one.
 */
export function ChangePasswordPage({
  me,
  onChanged,
  onLogout,
}: {
  me: User;
  onChanged: () => void;
  onLogout: () => void;
}) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (next !== repeat) {
      setError("The two new passwords are not the same.");
      return;
    }
    setBusy(true);
    try {
      await api("/me/password", { method: "POST", body: { currentPassword: current, newPassword: next } });
      await login(me.email, next);
      onChanged();
    } catch (caught) {
      setError(problemText(caught as ApiError));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="change-title">
        <div className="brand brand-large">
          <span className="logo" aria-hidden="true" /> Uni-Corn
        </div>
        <h1 id="change-title">Choose your own password</h1>
        <p>
          You signed in as {me.email} with a temporary password an administrator gave you. Choose a password
          of your own to continue.
        </p>
        <label>
          Temporary password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label>
          New password again
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save and continue"}
        </button>
        <button type="button" className="secondary" onClick={onLogout}>
          Sign out
        </button>
      </form>
    </main>
  );
}
