#!/usr/bin/env node
// The `datalake` bin: runs the TypeScript entry through tsx (a dependency), so the command works
// right after `npm ci` without a build step.
require('tsx/cjs');
require('./datalake-cli.ts');
