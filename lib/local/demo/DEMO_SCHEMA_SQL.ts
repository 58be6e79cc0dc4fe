/**
 * The demo marketplace's PostgreSQL schema: users, items, orders, chat messages and payments,
 * with the column kinds the config's rules act on (emails, phones, names, free text, card
 * digits) and the types the mapping converts (numeric, timestamptz, timestamp, date, boolean).
 */
export const DEMO_SCHEMA_SQL = `
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  phone text,
  name text NOT NULL,
  password_hash text NOT NULL,
  country char(2) NOT NULL,
  birth_date date,
  created_at timestamptz NOT NULL,
  updated_at timestamp(6) NOT NULL
);
CREATE TABLE items (
  id bigint PRIMARY KEY,
  seller_id bigint NOT NULL REFERENCES users (id),
  title text NOT NULL,
  price numeric(12,2) NOT NULL,
  status text NOT NULL,
  created_at timestamp(6) NOT NULL
);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES items (id),
  buyer_id bigint NOT NULL REFERENCES users (id),
  quantity integer NOT NULL,
  total numeric(12,2) NOT NULL,
  shipping_address text,
  ordered_at timestamptz NOT NULL
);
CREATE TABLE chat_messages (
  id bigint PRIMARY KEY,
  sender_id bigint NOT NULL REFERENCES users (id),
  receiver_id bigint NOT NULL REFERENCES users (id),
  body text NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE TABLE payments (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  amount numeric(12,2) NOT NULL,
  currency char(3) NOT NULL,
  card_last4 char(4),
  succeeded boolean NOT NULL,
  paid_at timestamptz NOT NULL
);
`;
