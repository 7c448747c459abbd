import { type Static, Type } from "typebox";
import { IsoDateTime, listQuery, literalUnion, Nullable, pageOf, Uuid } from "./common";

/** What the audit log records: every action that grants, uses, loses or restores access or data. */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.lock",
  "auth.unlock",
  "api_key.create",
  "api_key.revoke",
  "gateway.create",
  "gateway.credential_rotate",
  "gateway.credential_revoke",
  "user.create",
  "user.role_change",
  "user.password_change",
  "user.remove",
  "backup.restore",
  "bundle.install",
  "bundle.upgrade",
  "bundle.rollback",
  "sync.conflict_reapply",
  "sync.conflict_dismiss",
] as const;

/** Actions on the whole installation (no organization): every organization's admins see them. */
export const INSTALLATION_AUDIT_ACTIONS = [
  "backup.restore",
  "bundle.install",
  "bundle.upgrade",
  "bundle.rollback",
] as const satisfies readonly AuditAction[];
export const AuditAction = literalUnion(AUDIT_ACTIONS, { description: "what was done" });
export type AuditAction = Static<typeof AuditAction>;

export const AUDIT_OUTCOMES = ["success", "failure", "refused"] as const;
export const AuditOutcome = literalUnion(AUDIT_OUTCOMES, {
  description: "success; failure (wrong credentials); refused (throttled, or a rule said no)",
});
export type AuditOutcome = Static<typeof AuditOutcome>;

export const AuditEvent = Type.Object(
  {
    id: Type.String({ description: "increasing sequence number" }),
    occurredAt: IsoDateTime,
    action: AuditAction,
    outcome: AuditOutcome,
    actorUserId: Nullable(Uuid),
    actorApiKeyId: Nullable(Uuid),
    actorLabel: Nullable(
      Type.String({ description: "who acted when not a signed-in user: an email tried, the CLI" }),
    ),
    targetType: Nullable(Type.String()),
    targetId: Nullable(Type.String()),
    clientAddress: Nullable(Type.String()),
    details: Type.Record(
      Type.String(),
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
    ),
  },
  { $id: "AuditEvent" },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventQuery = listQuery({
  action: Type.Optional(AuditAction),
  from: Type.Optional(Type.String({ format: "date-time", description: "events at or after this time" })),
  to: Type.Optional(Type.String({ format: "date-time", description: "events before this time" })),
});
export type AuditEventQuery = Static<typeof AuditEventQuery>;

export const AuditEventPage = pageOf(AuditEvent);
export type AuditEventPage = Static<typeof AuditEventPage>;
