import {
  commonProblems,
  IdParams,
  Observation,
  ObservationListQuery,
  ObservationPage,
  ObservationUpsert,
  Problem,
} from "@unicorn/contracts";
import { errors, type FeaturePlugin } from "@unicorn/http";
import { Type } from "typebox";
import type { ObservationsService } from "./observations.service";

const writeProblems = { ...commonProblems, 409: Problem, 413: Problem, 422: Problem };

export const observationsRoutes: FeaturePlugin<{ observations: ObservationsService }> = async (
  app,
  { observations },
) => {
  app.get(
    "/observations",
    {
      config: { permission: "read" },
      schema: {
        tags: ["scouting"],
        summary: "Scouting observations, newest first (without photo bytes)",
        querystring: ObservationListQuery,
        response: { 200: ObservationPage, ...commonProblems },
      },
    },
    async (request) => observations.list(request.principal, request.query),
  );

  app.get(
    "/observations/:id",
    {
      config: { permission: "read" },
      schema: {
        tags: ["scouting"],
        summary: "One scouting observation",
        params: IdParams,
        response: { 200: Observation, ...commonProblems },
      },
    },
    async (request) => {
      const observation = await observations.get(request.principal, request.params.id);
      if (!observation) throw errors.notFound("observation", "id");
      return observation;
    },
  );

  app.get(
    "/observations/:id/photo",
    {
      config: { permission: "read" },
      schema: {
        tags: ["scouting"],
        summary: "The observation's photo (image/jpeg, image/png or image/webp)",
        params: IdParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: "string", format: "binary", description: "the image" }),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const photo = await observations.photo(request.principal, request.params.id);
      if (!photo) throw errors.notFound("photo", "id");
      return reply
        .header("content-type", photo.type)
        .header("cache-control", "private, max-age=86400")
        .send(photo.photo);
    },
  );

  app.put(
    "/observations/:id",
    {
      config: { permission: "write" },
      schema: {
        tags: ["scouting"],
        summary:
          "Record an observation under the id its device made (idempotent: a repeated id returns the stored row, 200)",
        params: IdParams,
        body: ObservationUpsert,
        response: { 200: Observation, 201: Observation, ...writeProblems },
      },
    },
    async (request, reply) => {
      const { observation, created } = await observations.upsert(
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(observation);
    },
  );

  app.delete(
    "/observations/:id",
    {
      config: { permission: "write" },
      schema: {
        tags: ["scouting"],
        summary: "Delete an observation",
        params: IdParams,
        response: { 204: Type.Null(), ...commonProblems },
      },
    },
    async (request, reply) => {
      if (!(await observations.remove(request.principal, request.params.id)))
        throw errors.notFound("observation", "id");
      return reply.status(204).send(null);
    },
  );
};
