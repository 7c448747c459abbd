import {
  MAX_OBSERVATION_PHOTO_BYTES,
  type Observation,
  type ObservationListQuery,
  type ObservationPage,
  type ObservationTagKind,
  type ObservationUpsert,
} from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import { requireReference } from "../resources/references";
import type { ReferenceTarget } from "../resources/resource.repository";
import type { ObservationRow, ObservationsRepository } from "./observations.repository";

/** How far ahead of the server's clock an observation may be dated (a phone's clock runs a little fast). */
const MAX_CLOCK_AHEAD_MS = 24 * 3600_000;

export function presentObservation(row: ObservationRow): Observation {
  return {
    id: row.id,
    fieldId: row.fieldId,
    observedAt: row.observedAt.toISOString(),
    note: row.note,
    position:
      row.latitudeDeg === null || row.longitudeDeg === null
        ? null
        : { latitudeDeg: row.latitudeDeg, longitudeDeg: row.longitudeDeg, accuracyM: row.accuracyM },
    growthStage: row.growthStage,
    tag: row.tagKind && row.tagName ? { kind: row.tagKind as ObservationTagKind, name: row.tagName } : null,
    photo:
      row.photoType && row.photoBytes !== null
        ? { type: row.photoType, bytes: row.photoBytes, url: `/api/v1/observations/${row.id}/photo` }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function decodePhoto(photo: ObservationUpsert["photo"]): Buffer | null {
  if (!photo) return null;
  const bytes = Buffer.from(photo.dataBase64, "base64");
  if (bytes.length === 0) throw errors.badRequest("the photo is empty", "photo.dataBase64");
  if (bytes.length > MAX_OBSERVATION_PHOTO_BYTES)
    throw errors.tooLarge(
      `a photo is at most ${MAX_OBSERVATION_PHOTO_BYTES} bytes; resize it before sending`,
      "photo.dataBase64",
    );
  return bytes;
}

export class ObservationsService {
  constructor(
    private readonly repository: ObservationsRepository,
    private readonly fields: ReferenceTarget,
  ) {}

  /**
   * Records an observation under the id its device made. A repeated id returns the row first stored (a retried
   * upload changes nothing); an id used by another organization or by a deleted observation is a 409.
   */
  async upsert(
    principal: Principal,
    id: string,
    input: ObservationUpsert,
  ): Promise<{ observation: Observation; created: boolean }> {
    if (Date.parse(input.observedAt) > Date.now() + MAX_CLOCK_AHEAD_MS)
      throw errors.badRequest("observedAt is in the future", "observedAt");
    await requireReference(this.fields, principal, input.fieldId, "fieldId", "field");
    const { row, created } = await this.repository.insertOnce(principal.organizationId, {
      id,
      fieldId: input.fieldId,
      observedAt: input.observedAt,
      note: input.note ?? null,
      latitudeDeg: input.position?.latitudeDeg ?? null,
      longitudeDeg: input.position?.longitudeDeg ?? null,
      accuracyM: input.position?.accuracyM ?? null,
      growthStage: input.growthStage ?? null,
      tagKind: input.tag?.kind ?? null,
      tagName: input.tag?.name ?? null,
      photo: decodePhoto(input.photo),
      photoType: input.photo?.type ?? null,
      createdBy: principal.userId ?? null,
    });
    if (row.organizationId !== principal.organizationId)
      throw errors.conflict("this observation id is already taken; make a new one", "id");
    if (row.deleted) throw errors.conflict("this observation was deleted", "id");
    return { observation: presentObservation(row), created };
  }

  async list(principal: Principal, query: ObservationListQuery): Promise<ObservationPage> {
    const { items, total } = await this.repository.list(principal.organizationId, query);
    return { items: items.map(presentObservation), total, limit: query.limit, offset: query.offset };
  }

  async get(principal: Principal, id: string): Promise<Observation | undefined> {
    const row = await this.repository.get(principal.organizationId, id);
    return row ? presentObservation(row) : undefined;
  }

  photo(principal: Principal, id: string) {
    return this.repository.photo(principal.organizationId, id);
  }

  remove(principal: Principal, id: string): Promise<boolean> {
    return this.repository.softDelete(principal.organizationId, id);
  }
}
