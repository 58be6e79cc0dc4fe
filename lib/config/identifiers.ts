/**
 * Name schemas of the config. Each pattern is as narrow as the place the name
 * ends up (SQL, Glue, CloudFormation, Kafka), so a bad name fails here and not
 * half-way through a deploy or inside generated SQL.
 */
import { patternString } from './patternString';

/** Lake name: prefixes stacks and resources, so lower case, digits and `-`, 2..31 characters. */
export const lakeNameSchema = patternString(
  /^[a-z][a-z0-9-]{1,30}$/,
  'a lower-case letter, then 1 to 30 lower-case letters, digits or "-" (^[a-z][a-z0-9-]{1,30}$)',
);

/** Source name: becomes part of Glue database names, so no `-`. */
export const sourceNameSchema = patternString(
  /^[a-z][a-z0-9_]{0,30}$/,
  'a lower-case letter, then up to 30 lower-case letters, digits or "_" (^[a-z][a-z0-9_]{0,30}$)',
);

/** Pool name. */
export const poolNameSchema = patternString(
  /^[a-z][a-z0-9_-]{0,62}$/,
  'a lower-case letter, then up to 62 lower-case letters, digits, "_" or "-" (^[a-z][a-z0-9_-]{0,62}$)',
);

/** Stream name: prefixes the Kinesis stream and the Firehose delivery stream. */
export const streamNameSchema = patternString(
  /^[a-z][a-z0-9-]{0,62}$/,
  'a lower-case letter, then up to 62 lower-case letters, digits or "-" (^[a-z][a-z0-9-]{0,62}$)',
);

/**
 * An unquoted SQL identifier valid in both MySQL and PostgreSQL (63 characters is
 * PostgreSQL's limit). Names are put into generated SQL, so quotes, spaces and
 * semicolons are refused rather than escaped.
 */
export const sqlIdentifierSchema = patternString(
  /^[A-Za-z_][A-Za-z0-9_]{0,62}$/,
  'a SQL identifier: a letter or "_", then up to 62 letters, digits or "_" (^[A-Za-z_][A-Za-z0-9_]{0,62}$)',
);

/**
 * A table to leave out, as `name` or `schema.name`: only compared with the names the database
 * lists, never put into SQL, so any name the database allows (`Order-Items`) can be excluded.
 */
export const excludedTableSchema = patternString(
  /^[^\n\r\t]{1,255}$/,
  'a table name or schema.name, 1 to 255 characters on one line',
);

/** A curated column name: Glue and Athena keep column names in lower case. */
export const outputColumnNameSchema = patternString(
  /^[a-z_][a-z0-9_]{0,127}$/,
  'a lower-case letter or "_", then up to 127 lower-case letters, digits or "_" (^[a-z_][a-z0-9_]{0,127}$)',
);

/** A field of an event envelope or payload (camelCase allowed, as apps send it). */
export const fieldNameSchema = patternString(
  /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
  'a letter or "_", then up to 127 letters, digits or "_" (^[A-Za-z_][A-Za-z0-9_]{0,127}$)',
);

/** A Kafka topic name (Kafka's own rule). */
export const kafkaTopicSchema = patternString(
  /^[a-zA-Z0-9._-]{1,249}$/,
  '1 to 249 letters, digits, ".", "_" or "-" (^[a-zA-Z0-9._-]{1,249}$)',
);

/**
 * The workgroup part of an Athena workgroup name: the deployed name is `<lake>-<this>`, and
 * Athena allows 128 letters, digits, ".", "_" or "-" (CreateWorkGroup), so with the longest
 * lake name (31) and its "-" this part gets 96.
 */
export const workgroupNameSchema = patternString(
  /^[a-zA-Z0-9._-]{1,96}$/,
  '1 to 96 letters, digits, ".", "_" or "-" (the workgroup is named <lake>-<this>, at most 128 characters)',
);
