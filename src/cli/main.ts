#!/usr/bin/env node
import { runCli } from './run-cli'

// exitCode, not exit(): output still being written to a pipe gets flushed.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
