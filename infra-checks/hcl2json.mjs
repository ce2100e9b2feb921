// Prints every given HCL file (.tf, .pkr.hcl) as one JSON object keyed by the path as given,
// parsed by @cdktf/hcl2json.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "@cdktf/hcl2json";

const out = {};
for (const file of process.argv.slice(2)) {
  out[file] = await parse(basename(file), readFileSync(file, "utf8"));
}
process.stdout.write(JSON.stringify(out));
