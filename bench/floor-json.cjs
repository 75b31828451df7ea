// The floor for plan input: read the file and JSON.parse it, nothing else.
const { readFileSync } = require('node:fs');
const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
if (doc === null) process.exitCode = 3;
