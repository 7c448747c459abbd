import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, listQuery, literalUnion, Nullable, pageOf, Uuid } from "./common";

/** open and acknowledged need someone; resolved ones were closed by the system (see resolvedReason). */
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const AlertStatus = literalUnion(ALERT_STATUSES);
export type AlertStatus = Static<typeof AlertStatus>;

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export const AlertSeverity = literalUnion(ALERT_SEVERITIES);
export type AlertSeverity = Static<typeof AlertSeverity>;

export const Alert = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    seasonId: Nullable(Uuid),
    kind: Type.String({
      description: "frost | heat_stress | drought_stress | sensor_silent | irrigation_capacity",
    }),
    ruleId: Type.String(),
    eventDate: IsoDate,
    endedOn: Nullable(IsoDate),
    durationDays: Type.Integer({ minimum: 1, description: "days from eventDate to endedOn, inclusive" }),
    action: Nullable(Type.String({ description: "what to do" })),
    actBy: Nullable(IsoDate),
    sensorId: Nullable(Uuid),
    resolvedAt: Nullable(IsoDateTime),
    resolvedReason: Nullable(Type.String()),
    severity: AlertSeverity,
    message: Type.String(),
    status: AlertStatus,
    acknowledgedBy: Nullable(Uuid),
    acknowledgedAt: Nullable(IsoDateTime),
    createdAt: IsoDateTime,
  },
  { $id: "Alert" },
);
export type Alert = Static<typeof Alert>;

export const AlertListQuery = listQuery({
  status: Type.Optional(AlertStatus),
  fieldId: Type.Optional(Uuid),
});
export type AlertListQuery = Static<typeof AlertListQuery>;

export const AlertPage = pageOf(Alert);
export type AlertPage = Static<typeof AlertPage>;
