/**
 * The `datalake` command line (package.json "bin", through bin/datalake-cli.js):
 * `datalake validate-config | query | status | local`. See lib/cli.
 */
import { processOutput, runCli } from '../lib/cli';

runCli(process.argv, processOutput).then((code) => {
  // Exit explicitly: DuckDB and the PGlite server may keep handles open after the work is done.
  process.exit(code);
});
