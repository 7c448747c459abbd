import { type FormEvent, useState } from "react";
import { ApiError, login } from "../api/client";

export function LoginPage({ onLoggedIn, expired }: { onLoggedIn: () => void; expired: boolean }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(
    expired ? "Your session has expired; please sign in again." : undefined,
  );
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email.trim(), password);
      onLoggedIn();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? "Email or password is not right."
          : caught instanceof Error
            ? caught.message
            : String(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="logo" aria-hidden="true" /> Uni-Corn
        </div>
        <h1 id="login-title">Sign in to your farm</h1>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="hint">
          The demo logins are printed by <code>npm start</code>.
        </p>
      </form>
    </main>
  );
}
