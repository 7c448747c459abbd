export { IsoDate, IsoDateTime, Problem as ProblemSchema, Timestamps, Uuid } from "@unicorn/contracts";
