import { type FormEvent, useState } from "react";
import { ApiError, login } from "../api/client";
import { CredentialInput, SignInCard } from "../components/SignInForm";

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
    <SignInCard
      titleId="login-title"
      title="Sign in to your farm"
      error={error}
      busy={busy}
      submitLabel="Sign in"
      busyLabel="Signing in…"
      onSubmit={submit}
      footer={
        <p className="hint">
          The demo logins are printed by <code>npm start</code>.
        </p>
      }
    >
      <CredentialInput label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
      <CredentialInput
        label="Password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
    </SignInCard>
  );
}
