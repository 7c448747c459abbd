import {
  Et0Request,
  Et0Response,
  GddRequest,
  GddResponse,
  NitrogenRequest,
  NitrogenResponse,
  Problem,
  SeedingRateRequest,
  SeedingRateResponse,
  StripTrialRequest,
  StripTrialResponse,
  WaterBalanceRequest,
  WaterBalanceResponse,
} from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import { calculators } from "./calc.service";
import { stripTrial } from "./strip-trial";

const problems = { 400: Problem, 401: Problem, 403: Problem, 422: Problem };
const tags = ["calculators"];

/** The university-style what-if calculators: stateless, any signed-in role, nothing stored. */
export const calcRoutes: FeaturePlugin<Record<never, never>> = async (app) => {
  app.post(
    "/calc/gdd",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "Growing degree days (86/50 °F or 30/10 °C) with running total, and the corn stage reached for a hybrid rating",
        body: GddRequest,
        response: { 200: GddResponse, ...problems },
      },
    },
    async (request) => calculators.gdd(request.body),
  );

  app.post(
    "/calc/et0",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "FAO-56 Penman-Monteith daily reference ET0 with its intermediates and every missing-data fallback named",
        body: Et0Request,
        response: { 200: Et0Response, ...problems },
      },
    },
    async (request) => calculators.et0(request.body),
  );

  app.post(
    "/calc/nitrogen/strip-trial",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "A field's own N response from strip-trial (rate, yield) pairs or a CSV: quadratic-plateau fit, EONR with its 95% interval, fit quality, and the blend with the regional MRTN",
        body: StripTrialRequest,
        response: { 200: StripTrialResponse, ...problems },
      },
    },
    async (request) => stripTrial(request.body),
  );

  app.post(
    "/calc/nitrogen",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "Economic optimum N rate from a quadratic-plateau response (or the default curve for the previous crop), with the MRTN profitable range",
        body: NitrogenRequest,
        response: { 200: NitrogenResponse, ...problems },
      },
    },
    async (request) => calculators.nitrogen(request.body),
  );

  app.post(
    "/calc/seeding-rate",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary: "Economic optimum seeding rate from a quadratic yield response and the seed and corn prices",
        body: SeedingRateRequest,
        response: { 200: SeedingRateResponse, ...problems },
      },
    },
    async (request) => calculators.seedingRate(request.body),
  );

  app.post(
    "/calc/water-balance",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "FAO-56 root-zone water balance (maize Kc by stage) and the irrigation schedule for the next 7 days",
        body: WaterBalanceRequest,
        response: { 200: WaterBalanceResponse, ...problems },
      },
    },
    async (request) => calculators.waterBalance(request.body),
  );
};
