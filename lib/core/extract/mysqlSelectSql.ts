/**
 * How a MySQL/MariaDB column is selected to be read as text, exactly: a FLOAT is widened to
 * DOUBLE on the server (exact: every float32 is a double), whose text the server prints with the
 * digits that round-trip a double; FLOAT's own text keeps about 6 significant digits
 * (0.1428571492 prints as 0.142857). Every other column is selected as is. `CAST(… AS DOUBLE)`
 * exists in MariaDB (https://mariadb.com/kb/en/cast/) and in MySQL from 8.0.17
 * (https://dev.mysql.com/doc/refman/8.0/en/cast-functions.html).
 *
 * @param quoted the column, already quoted with `quoteSourceIdentifier`
 * @param dataType its `information_schema` DATA_TYPE
 * @example
 * ```ts
 * mysqlSelectSql('`ratio`', 'float'); // 'CAST(`ratio` AS DOUBLE)'
 * ```
 */
export function mysqlSelectSql(quoted: string, dataType: string): string {
  return dataType.trim().toLowerCase() === 'float' ? `CAST(${quoted} AS DOUBLE)` : quoted;
}
