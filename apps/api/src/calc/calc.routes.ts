import {
  CropCalendar,
  CropCalendarRequest,
  Et0Request,
  Et0Response,
  FrostLoss,
  FrostLossRequest,
  GddRequest,
  GddResponse,
  HourlyEt0Request,
  HourlyEt0Response,
  NitrogenRequest,
  NitrogenResponse,
  Problem,
  SeedingRateRequest,
  SeedingRateResponse,
  SoilHeatFluxRequest,
  SoilHeatFluxResponse,
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
    "/calc/et0-hourly",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "FAO-56 hourly reference ET0 (eq. 53) for up to 24 hours of one day, with each hour's radiation, soil heat flux (eq. 45/46) and vapour pressures",
        body: HourlyEt0Request,
        response: { 200: HourlyEt0Response, ...problems },
      },
    },
    async (request) => calculators.hourlyEt0(request.body),
  );

  app.post(
    "/calc/soil-heat-flux",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary: "FAO-56 soil heat flux: daily (eq. 42), monthly (eq. 43/44) or hourly (eq. 45/46)",
        body: SoilHeatFluxRequest,
        response: { 200: SoilHeatFluxResponse, ...problems },
      },
    },
    async (request) => calculators.soilHeatFlux(request.body),
  );

  app.post(
    "/calc/crop-calendar",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "Crop calendar for a planting date and hybrid: GDD to black layer adjusted for late planting, every stage's projected date on central-Iowa normals, and the chance of black layer before the first fall frost",
        body: CropCalendarRequest,
        response: { 200: CropCalendar, ...problems },
      },
    },
    async (request) => calculators.cropCalendar(request.body),
  );

  app.post(
    "/calc/frost-loss",
    {
      config: { permission: "read" },
      schema: {
        tags,
        summary:
          "Expected yield loss and its dollar value from a frost at a given stage, whole plant or leaves only killed (NCH-57)",
        body: FrostLossRequest,
        response: { 200: FrostLoss, ...problems },
      },
    },
    async (request) => calculators.frostLoss(request.body),
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
