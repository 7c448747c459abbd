import type { FastifyInstance } from "fastify";
import type { Static, TSchema } from "typebox";
import { ProblemSchema } from "../http/schemas";
import {
  Et0Request,
  Et0Response,
  GddRequest,
  GddResponse,
  NitrogenRequest,
  NitrogenResponse,
  SeedingRateRequest,
  SeedingRateResponse,
  WaterBalanceRequest,
  WaterBalanceResponse,
} from "./calc.schemas";
import { calculators } from "./calc.service";

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema };

/** The university-style what-if calculators: stateless, any signed-in role, nothing stored. */
export function registerCalcRoutes(app: FastifyInstance): void {
  const calculator = <Req extends TSchema>(
    path: string,
    summary: string,
    body: Req,
    response: TSchema,
    run: (input: Static<Req>) => unknown,
  ) =>
    app.post(
      `/calc/${path}`,
      {
        config: { permission: "read" },
        schema: { tags: ["calculators"], summary, body, response: { 200: response, ...problems } },
      },
      async (request) => run(request.body as Static<Req>),
    );

  calculator(
    "gdd",
    "Growing degree days (86/50 °F or 30/10 °C) with running total, and the corn stage reached for a hybrid rating",
    GddRequest,
    GddResponse,
    calculators.gdd,
  );
  calculator(
    "et0",
    "FAO-56 Penman-Monteith daily reference ET0 with its intermediates and every missing-data fallback named",
    Et0Request,
    Et0Response,
    calculators.et0,
  );
  calculator(
    "nitrogen",
    "Economic optimum N rate from a quadratic-plateau response (or the default curve for the previous crop), with the MRTN profitable range",
    NitrogenRequest,
    NitrogenResponse,
    calculators.nitrogen,
  );
  calculator(
    "seeding-rate",
    "Economic optimum seeding rate from a quadratic yield response and the seed and corn prices",
    SeedingRateRequest,
    SeedingRateResponse,
    calculators.seedingRate,
  );
  calculator(
    "water-balance",
    "FAO-56 root-zone water balance (maize Kc by stage) and the irrigation schedule for the next 7 days",
    WaterBalanceRequest,
    WaterBalanceResponse,
    calculators.waterBalance,
  );
}
