/**
 * Audit records (migration 0003's audit_events) of actions on the whole installation, written by the CLI through
 * psql in the stack's database: restores, bundle installs, upgrades and rollbacks. They belong to no
 * organization, and every organization's admins see them in GET /audit-events. A database from before the
 * audit table has no place for them: the record is skipped, and the api creates the table at its next start.
 */
export interface InstallationEvent {
  action: "backup.restore" | "bundle.install" | "bundle.upgrade" | "bundle.rollback";
  outcome?: "success" | "failure";
  actorLabel: string;
  targetType: string;
  targetId?: string;
  details: Record<string, string | number | boolean | null>;
}

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

export function installationAuditSql(event: InstallationEvent): string {
  const values = [
    literal(event.action),
    literal(event.outcome ?? "success"),
    literal(event.actorLabel),
    literal(event.targetType),
    event.targetId === undefined ? "NULL" : literal(event.targetId),
    `${literal(JSON.stringify(event.details))}::jsonb`,
  ];
  return `DO $$ BEGIN IF to_regclass('audit_events') IS NOT NULL THEN
    INSERT INTO audit_events (action, outcome, actor_label, target_type, target_id, details)
    VALUES (${values.join(", ")}); END IF; END $$`;
}
