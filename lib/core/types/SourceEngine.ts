/** The database engines a source can run: MySQL (and MariaDB, Aurora MySQL) or PostgreSQL (and Aurora PostgreSQL). */
export type SourceEngine = 'mysql' | 'postgres';
