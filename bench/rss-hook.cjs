// Preloaded into measured processes: at exit, append the process's peak resident set size (bytes) to $BENCH_RSS_FILE.
const { appendFileSync } = require('node:fs');
const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`));
