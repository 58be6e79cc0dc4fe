/**
 * Every test and hook of the db project (the suites on the shared MariaDB/PostgreSQL servers) ends
 * within a minute unless it sets a longer bound itself: a read that hangs fails its test instead of
 * holding up `npm run test:db`. Jest reads `testTimeout` from the root config only (a project's
 * own is ignored), so the db project sets it here, in its setupFilesAfterEnv.
 */
jest.setTimeout(60_000);
