import type { Gateway, GatewayCreated, GatewayDevice, GatewayNetwork, User } from "@unicorn/contracts";
import { useState } from "react";
import { type ApiError, api } from "../api/client";
import {
  Badge,
  Card,
  Empty,
  ErrorBox,
  FormError,
  Loading,
  problemText,
  TableHead,
} from "../components/States";
import { useAsync } from "../lib/hooks";
import { ago } from "./SensorsPage";

function battery(device: GatewayDevice): string {
  if (device.batteryPercent !== null) return `${Math.round(device.batteryPercent)} %`;
  if (device.batteryVolts !== null) return `${device.batteryVolts.toFixed(2)} V`;
  return "–";
}

function signal(device: GatewayDevice): string {
  if (device.rssiDbm === null) return "–";
  return `${Math.round(device.rssiDbm)} dBm${device.snrDb !== null ? `, SNR ${device.snrDb.toFixed(1)} dB` : ""}`;
}

const CSV_EXAMPLE =
  "device_eui,name,field_id,decoder,kind\na84041000181c061,North soil probe,<field id>,dragino-lse01,";

/** One gateway's devices; admins also upload a device CSV and revoke or replace the broker credential. */
function GatewayCard({ gateway, admin, changed }: { gateway: Gateway; admin: boolean; changed: () => void }) {
  const devices = useAsync(() => api<GatewayDevice[]>(`/gateways/${gateway.id}/devices`), [gateway.id]);
  const [csv, setCsv] = useState("");
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [credential, setCredential] = useState<GatewayCreated["credential"] | undefined>();
  const upload = async () => {
    setProblem(undefined);
    try {
      await api(`/gateways/${gateway.id}/devices`, { method: "POST", csv });
      setCsv("");
      devices.reload();
      changed();
    } catch (error) {
      setProblem(error as ApiError);
    }
  };
  const rotate = async () =>
    setCredential(
      (await api<GatewayCreated>(`/gateways/${gateway.id}/credential`, { method: "POST" })).credential,
    );
  const revoke = async () => {
    await api(`/gateways/${gateway.id}/credential`, { method: "DELETE" });
    setCredential(undefined);
    changed();
  };
  return (
    <Card
      title={gateway.name}
      id={`gateway-${gateway.id}`}
      actions={
        <span>
          {gateway.hasCredential ? (
            <Badge tone="ok">credential active</Badge>
          ) : (
            <Badge tone="muted">revoked</Badge>
          )}{" "}
          <span className="muted">last heard {ago(gateway.lastSeenAt)}</span>
        </span>
      }
    >
      <p className="muted">
        {gateway.network} · topics under <code>{gateway.topicPrefix}/…</code> · login{" "}
        <code>{gateway.username}</code>
      </p>
      {credential ? <CredentialOnce credential={credential} /> : null}
      {devices.error ? <ErrorBox error={devices.error} retry={devices.reload} /> : null}
      {!devices.data ? (
        <Loading what="Loading devices" />
      ) : devices.data.length === 0 ? (
        <Empty>No devices on this gateway yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <TableHead
              columns={["Device", "DevEUI", "Decoder", "Sensors", "Last message", "Battery", "Signal"]}
            />
            <tbody>
              {devices.data.map((device) => (
                <tr key={device.id} data-testid="device-row">
                  <td>{device.name}</td>
                  <td>
                    <code>{device.deviceEui}</code>
                  </td>
                  <td>{device.decoder}</td>
                  <td>{device.sensors.map((sensor) => sensor.kind.replace("_", " ")).join(", ")}</td>
                  <td>
                    <time dateTime={device.lastMessageAt ?? undefined}>{ago(device.lastMessageAt)}</time>
                  </td>
                  <td>{battery(device)}</td>
                  <td>{signal(device)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin ? (
        <details>
          <summary>Add devices from a CSV, or manage the credential</summary>
          <label>
            Device CSV
            <textarea
              rows={5}
              value={csv}
              placeholder={CSV_EXAMPLE}
              onChange={(e) => setCsv(e.target.value)}
            />
          </label>
          <button type="button" disabled={!csv.trim()} onClick={() => void upload()}>
            Add devices
          </button>
          {/* A refused sheet lists every bad cell below; one line says nothing was created. */}
          <FormError
            message={
              problem ? (problem.errors.length ? "No device was created." : problemText(problem)) : undefined
            }
          />
          {problem?.errors.length ? (
            <ul className="form-error">
              {problem.errors.map((error) => (
                <li key={error.field}>
                  {error.field}: {error.detail}
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <button type="button" className="secondary" onClick={() => void rotate()}>
              New credential
            </button>{" "}
            <button
              type="button"
              className="secondary"
              disabled={!gateway.hasCredential}
              onClick={() => void revoke()}
            >
              Revoke credential
            </button>
          </p>
        </details>
      ) : null}
    </Card>
  );
}

function CredentialOnce({ credential }: { credential: GatewayCreated["credential"] }) {
  return (
    <div className="state" role="status">
      <strong>Broker login, shown only now:</strong> user <code>{credential.username}</code>, password{" "}
      <code>{credential.password}</code>
    </div>
  );
}

function CreateGateway({ created }: { created: () => void }) {
  const [name, setName] = useState("");
  const [network, setNetwork] = useState<GatewayNetwork>("chirpstack");
  const [result, setResult] = useState<GatewayCreated | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const submit = async () => {
    setProblem(undefined);
    try {
      setResult(await api<GatewayCreated>("/gateways", { method: "POST", body: { name, network } }));
      setName("");
      created();
    } catch (error) {
      setProblem(problemText(error as ApiError));
    }
  };
  return (
    <Card title="New gateway">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          Sends
          <select value={network} onChange={(e) => setNetwork(e.target.value as GatewayNetwork)}>
            <option value="chirpstack">ChirpStack uplinks</option>
            <option value="the-things-stack">The Things Stack uplinks</option>
            <option value="direct">readings (JSON, NDJSON or CSV)</option>
          </select>
        </label>
        <button type="submit">Create gateway</button>
      </form>
      <FormError message={problem} />
      {result ? <CredentialOnce credential={result.credential} /> : null}
    </Card>
  );
}

/** Gateways and the devices behind them: last message, battery and signal as their uplinks reported them. */
export function GatewaysPage({ me }: { me: User }) {
  const gateways = useAsync(() => api<Gateway[]>("/gateways"), []);
  const admin = me.role === "admin";
  if (gateways.error) return <ErrorBox error={gateways.error} retry={gateways.reload} />;
  if (!gateways.data) return <Loading what="Loading gateways" />;
  return (
    <div className="page">
      <h1>
        Gateways <span className="muted">{gateways.data.length} in all</span>
      </h1>
      {gateways.data.length === 0 ? <Empty>No gateways yet.</Empty> : null}
      {gateways.data.map((gateway) => (
        <GatewayCard key={gateway.id} gateway={gateway} admin={admin} changed={gateways.reload} />
      ))}
      {admin ? <CreateGateway created={gateways.reload} /> : null}
    </div>
  );
}
