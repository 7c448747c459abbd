export { registerValidation } from "@unicorn/http";
