import { acquireTestDatabases } from './helpers/databases';

/**
 * jest globalSetup: starts the MariaDB and PostgreSQL test servers through
 * scripts/services/databases.sh (installing them if missing), reusing running ones.
 * About half a second when installed and stopped, a few milliseconds when running.
 */
export default function globalSetup(): void {
  acquireTestDatabases();
}
