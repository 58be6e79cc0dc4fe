import { releaseTestDatabases } from './helpers/databases';

/**
 * jest globalTeardown: stops the test servers that the tests started, once no other jest
 * run in this checkout still uses them; servers started by hand keep running.
 */
export default function globalTeardown(): void {
  releaseTestDatabases();
}
