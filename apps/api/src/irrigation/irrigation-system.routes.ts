import {
  commonProblems,
  IdParams,
  IrrigationSystem,
  IrrigationSystemUpdate,
  Problem,
} from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { Type } from "typebox";
import type { IrrigationSystemService } from "./irrigation-system.service";

export const irrigationSystemRoutes: FeaturePlugin<{ irrigationSystems: IrrigationSystemService }> = async (
  app,
  { irrigationSystems },
) => {
  app.get(
    "/fields/:id/irrigation-system",
    {
      config: { permission: "read" },
      schema: {
        tags: ["irrigation"],
        summary: "The field's irrigation system (404 when none is recorded)",
        params: IdParams,
        response: { 200: IrrigationSystem, ...commonProblems },
      },
    },
    async (request) => irrigationSystems.get(request.principal, request.params.id),
  );

  app.put(
    "/fields/:id/irrigation-system",
    {
      config: { permission: "write" },
      schema: {
        tags: ["irrigation"],
        summary:
          "Record or replace the field's irrigation system: kind, capacity (mm/day or gpm/acre), efficiency, depth per pass, run days and hours, MAD, water and pumping cost; omitted settings take the kind's defaults",
        params: IdParams,
        body: IrrigationSystemUpdate,
        response: { 200: IrrigationSystem, ...commonProblems, 422: Problem },
      },
    },
    async (request) => irrigationSystems.put(request.principal, request.params.id, request.body),
  );

  app.delete(
    "/fields/:id/irrigation-system",
    {
      config: { permission: "write" },
      schema: {
        tags: ["irrigation"],
        summary: "Remove the field's irrigation system (nothing is scheduled without one)",
        params: IdParams,
        response: { 204: Type.Null(), ...commonProblems },
      },
    },
    async (request, reply) => {
      await irrigationSystems.remove(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
