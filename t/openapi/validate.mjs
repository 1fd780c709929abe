// validate.mjs - validates an OpenAPI document with a real validator from
// the npm registry (@seriousme/openapi-schema-validator, OpenAPI 3.0/3.1),
// for machines without Python's openapi-spec-validator.
//   node validate.mjs FILE   -> prints "valid" and exits 0, or the errors and exits 1
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";

const validator = new Validator();
const result = await validator.validate(JSON.parse(readFileSync(process.argv[2], "utf8")));
if (result.valid) {
    console.log("valid");
} else {
    console.log(JSON.stringify(result.errors, null, 2));
    process.exit(1);
}
