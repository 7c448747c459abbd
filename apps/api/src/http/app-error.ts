export { AppError, errors } from "@unicorn/http";
