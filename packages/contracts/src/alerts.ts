import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, listQuery, Nullable, pageOf, Uuid } from "./common";

export const AlertStatus = Type.Union([Type.Literal("open"), Type.Literal("acknowledged")]);
export type AlertStatus = Static<typeof AlertStatus>;

export const AlertSeverity = Type.Union([
  Type.Literal("info"),
  Type.Literal("warning"),
  Type.Literal("critical"),
]);
export type AlertSeverity = Static<typeof AlertSeverity>;

export const Alert = Type.Object(
  {
    id: Uuid,
    fieldId: Uuid,
    seasonId: Nullable(Uuid),
    kind: Type.String({ description: "frost | heat_stress | drought_stress" }),
    ruleId: Type.String(),
    eventDate: IsoDate,
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
