import type { Field, FieldAgronomy, SensorPage, User } from "@unicorn/contracts";
import { api } from "../api/client";
import { AsOfControl, asOfQuery, useAsOf } from "../components/AsOfControl";
import { Card, ErrorBox, Loading } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { formatArea } from "../lib/units";
import { CalendarCard } from "./field/CalendarCard";
import { EventsCard } from "./field/EventsCard";
import { FieldScoutingCard } from "./field/FieldScoutingCard";
import { ForecastCard } from "./field/ForecastCard";
import { GddCard } from "./field/GddCard";
import { LiveSensorsCard } from "./field/LiveSensorsCard";
import { NitrogenCard } from "./field/NitrogenCard";
import { SensorListCard } from "./field/SensorListCard";
import { TodayCard } from "./field/TodayCard";
import { WaterCard } from "./field/WaterCard";

/** One field: live sensors, crop development, water, nitrogen, forecast and the season's events. */
export function FieldPage({ fieldId, me }: { fieldId: string; me: User }) {
  const { units } = useUnits();
  const field = useAsync(() => api<Field>(`/fields/${fieldId}`), [fieldId]);
  const sensors = useAsync(() => api<SensorPage>(`/sensors?fieldId=${fieldId}&limit=200`), [fieldId]);
  const asOf = useAsOf();
  const agronomy = useAsync(
    () => api<FieldAgronomy>(`/fields/${fieldId}/agronomy${asOfQuery(asOf)}`),
    [fieldId, asOf],
  );
  // Irrigation and nitrogen are advice for a growing crop only; the API gives none otherwise.
  const growing = agronomy.data?.lifecycle.state === "growing";
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
      <AsOfControl />
      {agronomy.data?.alerts.length ? (
        <div className="banner" role="status">
          {agronomy.data.alerts.length} open alert(s): {agronomy.data.alerts[0]!.message}{" "}
          {agronomy.data.alerts[0]!.action ?? ""}
          {agronomy.data.alerts[0]!.actBy ? ` By ${agronomy.data.alerts[0]!.actBy}.` : ""}
        </div>
      ) : null}
      <div className="grid">
        {agronomy.data ? <TodayCard agronomy={agronomy.data} /> : null}
        {sensors.data ? (
          <LiveSensorsCard
            field={field.data}
            sensors={sensors.data.items}
            asOf={asOf}
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
            {growing ? <WaterCard agronomy={agronomy.data} /> : null}
            {growing ? <NitrogenCard fieldId={fieldId} agronomy={agronomy.data} /> : null}
            <ForecastCard fieldId={fieldId} agronomy={agronomy.data} asOf={asOf} />
          </>
        )}
        <EventsCard fieldId={fieldId} canWrite={canWrite} asOf={asOf} />
        <FieldScoutingCard field={field.data} canWrite={canWrite} />
        {sensors.data ? <SensorListCard sensors={sensors.data.items} /> : null}
      </div>
    </div>
  );
}
