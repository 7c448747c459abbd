import {
  commonProblems,
  GatewayCreate,
  GatewayCreated,
  GatewayDeviceList,
  GatewayList,
  GatewayParams,
  Problem,
} from "@unicorn/contracts";
import { errors, type FeaturePlugin, sendProblem } from "@unicorn/http";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { GatewaysService } from "./gateways.service";

const DEVICE_CSV_LIMIT = 1024 * 1024;

export const gatewaysRoutes: FeaturePlugin<{ gateways: GatewaysService }> = async (app, { gateways }) => {
  // A device sheet is small: read whole as text, parsed (and every row checked) by the service.
  app.addContentTypeParser(
    "text/csv",
    { parseAs: "string", bodyLimit: DEVICE_CSV_LIMIT },
    (_request: FastifyRequest, body, done) => done(null, body),
  );

  app.get(
    "/gateways",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sensing"],
        summary: "Gateways of the organization (MQTT publishers) and when each was last heard",
        response: { 200: GatewayList, ...commonProblems },
      },
    },
    (request) => gateways.list(request.principal),
  );

  app.post(
    "/gateways",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["sensing"],
        summary: "Create a gateway; its broker credential is shown only in this response",
        body: GatewayCreate,
        response: { 201: GatewayCreated, ...commonProblems },
      },
    },
    async (request, reply) => reply.status(201).send(await gateways.create(request.principal, request.body)),
  );

  app.post(
    "/gateways/:gatewayId/credential",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["sensing"],
        summary:
          "Replace the gateway's broker credential (the old one stops working); shown only in this response",
        params: GatewayParams,
        response: { 200: GatewayCreated, ...commonProblems },
      },
    },
    (request) => gateways.rotateCredential(request.principal, request.params.gatewayId),
  );

  app.delete(
    "/gateways/:gatewayId/credential",
    {
      config: { permission: "admin" },
      schema: {
        tags: ["sensing"],
        summary:
          "Revoke the gateway's broker credential: the broker refuses it from its next reload (seconds)",
        params: GatewayParams,
        response: { 204: Type.Null(), ...commonProblems },
      },
    },
    async (request, reply) => {
      await gateways.revokeCredential(request.principal, request.params.gatewayId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/gateways/:gatewayId/devices",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sensing"],
        summary: "The gateway's devices with their sensors, last message, battery and signal",
        params: GatewayParams,
        response: { 200: GatewayDeviceList, ...commonProblems },
      },
    },
    (request) => gateways.devices(request.principal, request.params.gatewayId),
  );

  app.post(
    "/gateways/:gatewayId/devices",
    {
      config: { permission: "admin" },
      bodyLimit: DEVICE_CSV_LIMIT,
      schema: {
        tags: ["sensing"],
        summary:
          "Provision devices from a CSV (text/csv): device_eui,name,field_id,decoder[,kind]; all rows or none",
        description:
          "Each device gets one sensor per measurement kind its decoder yields (a direct device: its kind). A bad row is a 422 naming every bad cell as rows[i].column; nothing is created then.",
        params: GatewayParams,
        body: Type.String({ description: "CSV text" }),
        response: { 201: GatewayDeviceList, 422: Problem, 413: Problem, 415: Problem, ...commonProblems },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== "string")
        throw errors.badRequest("send the CSV with Content-Type: text/csv", "body");
      const result = await gateways.importDevices(request.principal, request.params.gatewayId, request.body);
      if ("devices" in result) return reply.status(201).send(result.devices);
      const first = result.errors[0]!;
      return sendProblem(reply, {
        status: 422,
        code: "devices_rejected",
        detail: `no device was created: ${result.errors.length === 1 ? "1 bad cell" : `${result.errors.length} bad cells`}; first: ${first.field} ${first.detail}`,
        field: first.field,
        errors: result.errors,
      });
    },
  );
};
