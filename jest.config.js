const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Suites that use the shared MariaDB/PostgreSQL test servers: they reload and change the same
 * fixture tables, so they run one at a time (`npm run test:db`, --runInBand) while every other
 * suite runs in parallel. Found by what they import, so a new suite cannot land in the wrong group.
 */
const USES_TEST_SERVERS = /helpers\/databases|runFixtureSource/;
const testDir = join(__dirname, 'test');
const dbSuites = readdirSync(testDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => join(testDir, file))
  .filter((file) => USES_TEST_SERVERS.test(readFileSync(file, 'utf8')));

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // @vlasky/zongji (the local change capture's binlog reader) ships ES modules only, which jest
    // cannot require before Node 24.9: swc compiles it to CommonJS as it does our TypeScript.
    '/node_modules/@vlasky/zongji/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@vlasky/zongji/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/globalSetup.ts',
  globalTeardown: '<rootDir>/test/globalTeardown.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...dbSuites],
    },
    {
      ...common,
      displayName: 'db',
      testMatch: dbSuites,
      setupFilesAfterEnv: ['<rootDir>/test/dbTestTimeout.ts'],
    },
  ],
};
