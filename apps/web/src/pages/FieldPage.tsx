import type { Field, FieldAgronomy, SensorPage, User } from "@unicorn/contracts";
import { api } from "../api/client";
import { Card, ErrorBox, Loading } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { formatArea } from "../lib/units";
import { CalendarCard } from "./field/CalendarCard";
import { EventsCard } from "./field/EventsCard";
import { ForecastCard } from "./field/ForecastCard";
import { GddCard } from "./field/GddCard";
import { LiveSensorsCard } from "./field/LiveSensorsCard";
import { NitrogenCard } from "./field/NitrogenCard";
import { SensorListCard } from "./field/SensorListCard";
import { WaterCard } from "./field/WaterCard";

/** One field: live sensors, crop development, water, nitrogen, forecast and the season's events. */
export function FieldPage({ fieldId, me }: { fieldId: string; me: User }) {
  const { units } = useUnits();
  const field = useAsync(() => api<Field>(`/fields/${fieldId}`), [fieldId]);
  const sensors = useAsync(() => api<SensorPage>(`/sensors?fieldId=${fieldId}&limit=200`), [fieldId]);
  const agronomy = useAsync(() => api<FieldAgronomy>(`/fields/${fieldId}/agronomy`), [fieldId]);
  if (field.error) return <ErrorBox error={field.error} retry={field.reload} />;
  if (!field.data) return <Loading what="Loading the field" />;
  const canWrite = me.role !== "viewer";
  return (
    <div className="page">
      <h1>
        {field.data.name}{" "}
        <span className="muted">
          {formatArea(field.data.areaHa, units.area)} · {field.data.soil.texture}
        </span>
      </h1>
      {agronomy.data?.alerts.length ? (
        <div className="banner" role="status">
          {agronomy.data.alerts.length} open alert(s): {agronomy.data.alerts[0]!.message}
        </div>
      ) : null}
      <div className="grid">
        {sensors.data ? (
          <LiveSensorsCard
            field={field.data}
            sensors={sensors.data.items}
            {...(agronomy.data?.season ? { seasonStart: agronomy.data.season.plantingDate } : {})}
          />
        ) : (
          <Card title="Live sensors">{sensors.error ? <ErrorBox error={sensors.error} /> : <Loading />}</Card>
        )}
        {agronomy.error ? (
          <ErrorBox error={agronomy.error} retry={agronomy.reload} />
        ) : !agronomy.data ? (
          <Loading what="Computing agronomy" />
        ) : (
          <>
            <GddCard agronomy={agronomy.data} />
            <CalendarCard agronomy={agronomy.data} />
            <WaterCard agronomy={agronomy.data} />
            <NitrogenCard fieldId={fieldId} agronomy={agronomy.data} />
            <ForecastCard fieldId={fieldId} agronomy={agronomy.data} />
          </>
        )}
        <EventsCard fieldId={fieldId} canWrite={canWrite} />
        {sensors.data ? <SensorListCard sensors={sensors.data.items} /> : null}
      </div>
    </div>
  );
}
