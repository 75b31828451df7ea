#!/usr/bin/env node
// The command line as one module (built by `npm run build`): loading one file is faster than sixty.
import { main } from '../dist/src/cli.bundle.js';

await main(process.argv.slice(2));
