import type { FormEvent, ReactNode } from "react";

/** A required credential input with its label (sign-in and the password change share it). */
export function CredentialInput({
  label,
  type = "password",
  autoComplete,
  value,
  onChange,
}: {
  label: string;
  type?: "password" | "email";
  autoComplete: "username" | "current-password" | "new-password";
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <input
        type={type}
        autoComplete={autoComplete}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** The sign-in card's frame: brand, title, the fields given, the error and the submit button. */
export function SignInCard({
  titleId,
  title,
  error,
  busy,
  submitLabel,
  busyLabel,
  onSubmit,
  children,
  footer,
}: {
  titleId: string;
  title: string;
  error: string | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="login">
      <form className="login-card" onSubmit={onSubmit} aria-labelledby={titleId}>
        <div className="brand brand-large">
          <span className="logo" aria-hidden="true" /> Uni-Corn
        </div>
        <h1 id={titleId}>{title}</h1>
        {children}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {footer}
      </form>
    </main>
  );
}
