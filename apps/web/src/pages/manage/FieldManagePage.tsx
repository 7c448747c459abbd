import type { FarmPage, Field, FieldPage, Polygon } from "@unicorn/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api } from "../../api/client";
import { Card, ErrorBox, FormError, Loading, problemText } from "../../components/States";
import { useAsync } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { Link, navigate } from "../../lib/router";
import { formatArea } from "../../lib/units";
import { BoundaryEditor } from "./BoundaryEditor";
import { SeasonsEditor } from "./SeasonsEditor";
import { SensorsEditor } from "./SensorsEditor";

/** Add a field (draw or import its boundary) or edit one: its name, boundary, seasons and sensors; or delete it. */
export function FieldManagePage({ fieldId }: { fieldId?: string }) {
  const { units } = useUnits();
  const farms = useAsync(() => api<FarmPage>("/farms?limit=500"), []);
  const fields = useAsync(() => api<FieldPage>("/fields?limit=500"), []);
  const existing = fields.data?.items.find((f) => f.id === fieldId);
  const [farmId, setFarmId] = useState("");
  const [name, setName] = useState("");
  const [boundary, setBoundary] = useState<Polygon>();
  const [areaHa, setAreaHa] = useState<number>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!existing) return;
    setFarmId(existing.farmId);
    setName(existing.name);
    setBoundary(existing.boundary);
    setAreaHa(existing.areaHa);
  }, [existing]);
  if (farms.error) return <ErrorBox error={farms.error} retry={farms.reload} />;
  if (!farms.data || !fields.data) return <Loading what="Loading the farm" />;
  if (fieldId && !existing)
    return <ErrorBox error={new ApiError(404, "This field does not exist or was deleted.")} />;
  const farm = farms.data.items.find((f) => f.id === (farmId || farms.data?.items[0]?.id));
  const neighbours = fields.data.items.filter((f) => f.farmId === farm?.id && f.id !== fieldId);
  const centre: [number, number] = [farm?.longitudeDeg ?? -93.62, farm?.latitudeDeg ?? 42.03];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!boundary) return setError("Draw or import the field's boundary first.");
    try {
      const saved = existing
        ? await api<Field>(`/fields/${existing.id}`, { method: "PATCH", body: { name, boundary } })
        : await api<Field>("/fields", { method: "POST", body: { farmId: farm?.id, name, boundary } });
      fields.reload();
      navigate(`/manage/fields/${saved.id}`);
    } catch (caught) {
      setError(problemText(caught as ApiError));
    }
  };
  const remove = async () => {
    if (!existing) return;
    if (!window.confirm(`Delete ${existing.name} with its seasons, sensors, events and observations?`))
      return;
    try {
      await api(`/fields/${existing.id}`, { method: "DELETE" });
      navigate("/manage");
    } catch (caught) {
      setError(problemText(caught as ApiError));
    }
  };
  return (
    <div className="page">
      <h1>{existing ? `Edit ${existing.name}` : "Add a field"}</h1>
      <p>
        <Link href="/manage">All fields</Link>
        {existing ? (
          <>
            {" · "}
            <Link href={`/fields/${existing.id}`}>Open the field</Link>
          </>
        ) : null}
      </p>
      <Card title="Field and boundary" id="field-details">
        <form className="stack-form" onSubmit={save} aria-label="Field details">
          <div className="form-row">
            {!existing && farms.data.items.length > 1 ? (
              <label>
                Farm
                <select value={farm?.id} onChange={(e) => setFarmId(e.target.value)}>
                  {farms.data.items.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label>
              Name
              <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            {areaHa !== undefined ? <span className="muted">{formatArea(areaHa, units.area)}</span> : null}
          </div>
          <BoundaryEditor
            value={boundary}
            neighbours={neighbours}
            fallbackCentre={centre}
            onChange={(b, a, importedName) => {
              setBoundary(b);
              setAreaHa(a);
              if (!name && importedName) setName(importedName);
            }}
          />
          <div className="form-row">
            <button type="submit">{existing ? "Save field" : "Add field"}</button>
            {existing ? (
              <button type="button" className="danger" onClick={() => void remove()}>
                Delete field
              </button>
            ) : null}
          </div>
          <FormError message={error} />
        </form>
      </Card>
      {existing ? (
        <div className="grid">
          <SeasonsEditor fieldId={existing.id} />
          <SensorsEditor fieldId={existing.id} />
        </div>
      ) : null}
    </div>
  );
}

/** The list of fields to manage, with the way to add one. */
export function ManageFieldsPage() {
  const { units } = useUnits();
  const fields = useAsync(() => api<FieldPage>("/fields?limit=500"), []);
  if (fields.error) return <ErrorBox error={fields.error} retry={fields.reload} />;
  return (
    <div className="page">
      <h1>Manage fields</h1>
      <p>
        <Link href="/manage/fields/new">Add a field</Link> · <Link href="/compare">Compare fields</Link> ·{" "}
        <Link href="/exports">Exports</Link>
      </p>
      <Card title="Fields" id="manage-fields">
        {!fields.data ? <Loading /> : null}
        <ul className="plain-list">
          {fields.data?.items.map((f) => (
            <li key={f.id}>
              <Link href={`/manage/fields/${f.id}`}>{f.name}</Link>{" "}
              <span className="muted">{formatArea(f.areaHa, units.area)}</span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
