import type { User } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { type ApiError, api, login } from "../api/client";
import { CredentialInput, SignInCard } from "../components/SignInForm";
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
    <SignInCard
      titleId="change-title"
      title="Choose your own password"
      error={error}
      busy={busy}
      submitLabel="Save and continue"
      busyLabel="Saving…"
      onSubmit={submit}
      footer={
        <button type="button" className="secondary" onClick={onLogout}>
          Sign out
        </button>
      }
    >
      <p>
        You signed in as {me.email} with a temporary password an administrator gave you. Choose a password of
        your own to continue.
      </p>
      <CredentialInput
        label="Temporary password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
      />
      <CredentialInput label="New password" autoComplete="new-password" value={next} onChange={setNext} />
      <CredentialInput
        label="New password again"
        autoComplete="new-password"
        value={repeat}
        onChange={setRepeat}
      />
    </SignInCard>
  );
}
