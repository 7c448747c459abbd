import type { ApiKey, ApiKeyCreated, UserList, UserRole } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { type ApiError, api } from "../api/client";
import { FarmSettings } from "../components/FarmSettings";
import { ResponsiveTable } from "../components/ResponsiveTable";
import { Badge, Card, ErrorBox, FormError, Loading, problemText } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useTimeZone } from "../lib/prefs";
import { formatDateTime } from "../lib/time";
import { UserAccess } from "./manage/UserAccess";

function Users() {
  const { data, error, reload } = useAsync(() => api<UserList>("/users"), []);
  const [form, setForm] = useState({ email: "", name: "", role: "viewer" as UserRole, password: "" });
  const [formError, setFormError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    try {
      await api("/users", { method: "POST", body: form });
      setForm({ email: "", name: "", role: "viewer", password: "" });
      reload();
    } catch (caught) {
      const e = caught as ApiError;
      setFormError(problemText(e));
    }
  };
  return (
    <Card title="Users and roles" id="users">
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <ResponsiveTable
          caption="Users and their roles"
          framed={false}
          rows={data}
          rowKey={(u) => u.id}
          columns={[
            { label: "Role", lead: true, cell: (u) => <Badge tone="info">{u.role}</Badge> },
            { label: "Name", cell: (u) => u.name },
            { label: "Email", cell: (u) => <span className="break">{u.email}</span> },
            { label: "Access", cell: (u) => <UserAccess user={u} onChanged={reload} /> },
          ]}
        />
      )}
      <form className="form-row" onSubmit={submit} aria-label="Add a user">
        <label>
          Name
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Email
          <input
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as UserRole })}>
            <option value="viewer">viewer</option>
            <option value="agronomist">agronomist</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Initial password
          <input
            type="password"
            required
            minLength={10}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <button type="submit">Add user</button>
        <FormError message={formError} />
      </form>
    </Card>
  );
}

function ApiKeys() {
  const timeZone = useTimeZone();
  const { data, error, reload } = useAsync(() => api<ApiKey[]>("/api-keys"), []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [actionError, setActionError] = useState<ApiError>();
  /** Runs a change to the keys, then reloads them; a refusal is shown above the table. */
  const change = async (request: () => Promise<void>) => {
    try {
      await request();
      reload();
    } catch (caught) {
      setActionError(caught as ApiError);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    return change(async () => {
      const key = await api<ApiKeyCreated>("/api-keys", { method: "POST", body: { name } });
      setCreated({ name: key.name, key: key.key });
      setName("");
    });
  };
  const revoke = (id: string) => change(() => api(`/api-keys/${id}`, { method: "DELETE" }));
  return (
    <Card title="API keys for devices and gateways" id="keys">
      {actionError ? <ErrorBox error={actionError} /> : null}
      {created ? (
        <div className="banner" role="status" data-testid="new-key">
          Key for <strong>{created.name}</strong>, shown only now: <code>{created.key}</code>
          <button type="button" className="secondary" onClick={() => setCreated(undefined)}>
            I have stored it
          </button>
        </div>
      ) : null}
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <ResponsiveTable
          caption="API keys"
          framed={false}
          rows={data}
          rowKey={(k) => k.id}
          rowTestId="api-key-row"
          columns={[
            { label: "Name", lead: true, cell: (k) => <strong>{k.name}</strong> },
            { label: "Key starts", cell: (k) => <code>{k.prefix}…</code> },
            { label: "Role", cell: (k) => k.role },
            {
              label: "Last used",
              cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, timeZone) : "never"),
            },
            {
              label: "Actions",
              hiddenLabel: true,
              cell: (k) =>
                k.revokedAt ? (
                  <Badge tone="muted">revoked</Badge>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => revoke(k.id)}
                    aria-label={`Revoke ${k.name}`}
                  >
                    Revoke
                  </button>
                ),
            },
          ]}
        />
      )}
      <form className="form-row" onSubmit={create} aria-label="Create an API key">
        <label>
          Device or gateway name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit">Create key</button>
      </form>
    </Card>
  );
}

export function AdminPage() {
  return (
    <div className="page">
      <h1>Administration</h1>
      <div className="grid">
        <Users />
        <ApiKeys />
        <FarmSettings />
      </div>
    </div>
  );
}
