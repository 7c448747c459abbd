import type { Gateway, GatewayCreate, GatewayCreated, GatewayDevice } from "@unicorn/contracts";
import { mosquittoPasswordHash, randomSecret } from "@unicorn/credentials";
import { errors } from "@unicorn/http";
import type { AuditService } from "../audit/audit.service";
import type { Principal } from "../auth/principal";
import { type CellError, readDeviceCsv } from "./device-csv";
import type { GatewaysRepository } from "./gateways.repository";

/**
 * Gateways and their devices. A gateway's broker credential is made here, returned once and stored only as a
 * Mosquitto password hash; the ingest service writes the broker's password file from those hashes.
 */
export class GatewaysService {
  constructor(
    private readonly repository: GatewaysRepository,
    private readonly audit: AuditService,
    /** Told after devices (and their sensors) were created, so ingestion sees the new sensors. */
    private readonly sensorsChanged: () => void,
  ) {}

  list(principal: Principal): Promise<Gateway[]> {
    return this.repository.list(principal.organizationId);
  }

  async create(principal: Principal, input: GatewayCreate): Promise<GatewayCreated> {
    const password = randomSecret(24);
    const gateway = await this.repository.insert(principal.organizationId, {
      name: input.name,
      network: input.network ?? "direct",
      passwordHash: mosquittoPasswordHash(password),
      createdBy: principal.userId,
    });
    await this.audit.recordBy(principal, {
      action: "gateway.create",
      targetType: "gateway",
      targetId: gateway.id,
      details: { name: gateway.name, network: gateway.network },
    });
    return { gateway, credential: { username: gateway.username, password } };
  }

  /** A new credential, shown once; the old one stops working when the broker reloads. */
  async rotateCredential(principal: Principal, gatewayId: string): Promise<GatewayCreated> {
    const password = randomSecret(24);
    if (
      !(await this.repository.setPasswordHash(
        principal.organizationId,
        gatewayId,
        mosquittoPasswordHash(password),
      ))
    )
      throw errors.notFound("gateway", "gatewayId");
    await this.audit.recordBy(principal, {
      action: "gateway.credential_rotate",
      targetType: "gateway",
      targetId: gatewayId,
    });
    const gateway = (await this.repository.find(principal.organizationId, gatewayId))!;
    return { gateway, credential: { username: gateway.username, password } };
  }

  async revokeCredential(principal: Principal, gatewayId: string): Promise<void> {
    if (!(await this.repository.setPasswordHash(principal.organizationId, gatewayId, null)))
      throw errors.notFound("gateway", "gatewayId");
    await this.audit.recordBy(principal, {
      action: "gateway.credential_revoke",
      targetType: "gateway",
      targetId: gatewayId,
    });
  }

  async devices(principal: Principal, gatewayId: string): Promise<GatewayDevice[]> {
    await this.gateway(principal, gatewayId);
    return this.repository.devices(principal.organizationId, gatewayId);
  }

  /**
   * Creates the CSV's devices, each with a sensor per measurement kind, all or none. Returns the cells at
   * fault instead when any row is bad (nothing is created then).
   */
  async importDevices(
    principal: Principal,
    gatewayId: string,
    csv: string,
  ): Promise<{ devices: GatewayDevice[] } | { errors: CellError[] }> {
    await this.gateway(principal, gatewayId);
    const { rows, errors: cellErrors } = readDeviceCsv(csv);
    const fieldIds = [...new Set(rows.map((row) => row.fieldId).filter((id) => /^[0-9a-f-]{36}$/.test(id)))];
    const [fields, existing] = await Promise.all([
      this.repository.liveFields(principal.organizationId, fieldIds),
      this.repository.existingDeviceEuis(gatewayId),
    ]);
    rows.forEach((row, index) => {
      const named = (column: string) =>
        cellErrors.some((error) => error.field === `rows[${index}].${column}`);
      if (!named("field_id") && !fields.has(row.fieldId))
        cellErrors.push({ field: `rows[${index}].field_id`, detail: "is not a field of your organization" });
      if (!named("device_eui") && existing.has(row.deviceEui))
        cellErrors.push({
          field: `rows[${index}].device_eui`,
          detail: "is already provisioned on this gateway",
        });
    });
    if (cellErrors.length > 0) return { errors: cellErrors.sort(byRowThenColumn) };
    await this.repository.insertDevices(principal.organizationId, gatewayId, rows);
    this.sensorsChanged();
    return { devices: await this.repository.devices(principal.organizationId, gatewayId) };
  }

  private async gateway(principal: Principal, gatewayId: string): Promise<Gateway> {
    const gateway = await this.repository.find(principal.organizationId, gatewayId);
    if (!gateway) throw errors.notFound("gateway", "gatewayId");
    return gateway;
  }
}

function byRowThenColumn(a: CellError, b: CellError): number {
  const row = (error: CellError) => Number(/^rows\[(\d+)\]/.exec(error.field)?.[1] ?? 0);
  return row(a) - row(b) || a.field.localeCompare(b.field);
}
