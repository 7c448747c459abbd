/**
 * A season's state in the seasons resource is taken on the farm's local today, not the UTC date. Kiritimati
 * (UTC+14) and Pago Pago (UTC−11) are 25 hours apart, so their local dates always differ and at least one of
 * them differs from the UTC date: a season planted on Kiritimati's today is growing there and, at that moment,
 * still planned in Pago Pago.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, poster, squareBoundary, startHarness, type TestOrganization } from "./harness";

const localToday = (timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );

describe("seasons: state on the farm's local date", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Local date");
  });
  after(() => h.close());

  test("planted on Kiritimati's today: growing on a Kiritimati farm, planned on a Pago Pago farm", async () => {
    const post = poster(h, org.tokens.admin);
    const plantingDate = localToday("Pacific/Kiritimati");
    const states: Record<string, string> = {};
    for (const timezone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      const farm = await post("/api/v1/farms", { name: timezone, timezone, latitudeDeg: 42 });
      const field = await post("/api/v1/fields", { farmId: farm.id, name: "F", boundary: squareBoundary() });
      const season = await post("/api/v1/seasons", {
        fieldId: field.id,
        year: Number(plantingDate.slice(0, 4)),
        hybrid: "P1185",
        gddToBlackLayerF: 2700,
        plantingDate,
        previousCrop: "soybean",
      });
      states[timezone] = season.state;
    }
    assert.deepEqual(states, { "Pacific/Kiritimati": "growing", "Pacific/Pago_Pago": "planned" });
  });
});
