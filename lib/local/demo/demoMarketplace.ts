/** Rows of each demo table: a few thousand in all, so `datalake local` stays quick. */
export const DEMO_ROW_COUNTS = {
  users: 400,
  items: 900,
  orders: 1200,
  chat_messages: 1500,
  payments: 1000,
} as const;

/** One demo table's rows, as column names and SQL-ready values (text, numbers, booleans, NULL). */
export interface DemoTable {
  readonly name: keyof typeof DEMO_ROW_COUNTS;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

const GIVEN = [
  '민준',
  '서연',
  '지호',
  '수아',
  '예준',
  '하은',
  '도윤',
  '지우',
  'Emma',
  'Liam',
  'Sofía',
  'Yuki',
];
const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', 'Smith', 'García', 'Tanaka', 'Müller'];
const ROMAN = [
  'minjun',
  'seoyeon',
  'jiho',
  'sua',
  'yejun',
  'haeun',
  'doyun',
  'jiwoo',
  'emma',
  'liam',
  'sofia',
  'yuki',
];
const DOMAINS = ['example.com', 'mail.example.kr', 'inbox.example.org'];
const COUNTRIES = ['KR', 'KR', 'KR', 'JP', 'US', 'DE'];
const ITEMS = [
  '아이폰 13 미니 🍎',
  '캠핑 의자 2개 ⛺',
  'Nintendo Switch 🎮',
  '접이식 자전거 🚲',
  '겨울 패딩 (L) 🧥',
  '원목 책상',
  'LEGO 10497 🧱',
  '유모차 👶',
  'Canon EOS M50 📷',
  '전기 포트',
];
const STATUSES = ['on_sale', 'reserved', 'sold'];
const MESSAGES = [
  '안녕하세요! 아직 판매 중인가요? 😊',
  '네고 가능할까요? 🙏',
  '내일 저녁 7시에 역 앞에서 만나요',
  'Is this still available?',
  '감사합니다 👍 잘 쓸게요!',
  '택배 거래도 되나요? 📦',
];
const STREETS = [
  '서울특별시 강남구 테헤란로',
  '부산광역시 해운대구 해운대로',
  '東京都渋谷区神南',
  'Berliner Str.',
];

/** The Park–Miller generator: the same rows on every machine and every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** Seconds since the epoch of the demo's first day, 2024-01-01T00:00:00Z. */
const START = Date.UTC(2024, 0, 1) / 1000;
/** The demo spans two years. */
const SPAN_SECONDS = 2 * 365 * 24 * 3600;

function timestamp(seconds: number, micros = 0): string {
  const iso = new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
  return `${iso}.${String(micros).padStart(6, '0')}`;
}

function pick<T>(values: readonly T[], index: number): T {
  return values[index % values.length] as T;
}

/**
 * The raw email of demo user `id` (1-based): what the source holds and the curated data must
 * never show (the demo config hashes it).
 *
 * @example
 * ```ts
 * demoEmail(1); // 'seoyeon.1@mail.example.kr'
 * ```
 */
export function demoEmail(id: number): string {
  return `${pick(ROMAN, id)}.${id}@${pick(DOMAINS, id)}`;
}

/**
 * The demo marketplace's rows: realistic and deterministic (a fixed-seed generator), with
 * Korean, Japanese and German text and emoji, NULLs, microsecond timestamps and prices with
 * cents, spread over 2024–2025 so partitions by month have data.
 */
export function demoMarketplace(): DemoTable[] {
  const random = generator(20240101);
  const int = (below: number) => Math.floor(random() * below);
  const when = () => START + int(SPAN_SECONDS);

  const users = Array.from({ length: DEMO_ROW_COUNTS.users }, (_, index) => {
    const id = index + 1;
    const created = when();
    return [
      id,
      demoEmail(id),
      id % 7 === 0 ? null : `+82-10-${String(1000 + int(9000))}-${String(1000 + int(9000))}`,
      `${pick(FAMILY, int(1000))}${pick(GIVEN, id)}`,
      `$2b$12$${(id * 2654435761).toString(36).padEnd(22, 'x')}`,
      pick(COUNTRIES, int(1000)),
      id % 5 === 0
        ? null
        : `${1960 + int(45)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`,
      `${timestamp(created)}+00`,
      timestamp(created + int(86400 * 30), int(1_000_000)),
    ];
  });
  const items = Array.from({ length: DEMO_ROW_COUNTS.items }, (_, index) => [
    index + 1,
    1 + int(DEMO_ROW_COUNTS.users),
    pick(ITEMS, int(1000)),
    (1000 + int(1_500_000)) / 100,
    pick(STATUSES, int(1000)),
    timestamp(when(), int(1_000_000)),
  ]);
  const orders = Array.from({ length: DEMO_ROW_COUNTS.orders }, (_, index) => [
    index + 1,
    1 + int(DEMO_ROW_COUNTS.items),
    1 + int(DEMO_ROW_COUNTS.users),
    1 + int(3),
    (1000 + int(3_000_000)) / 100,
    index % 4 === 0 ? null : `${pick(STREETS, index)} ${1 + int(300)}`,
    `${timestamp(when())}+00`,
  ]);
  const chats = Array.from({ length: DEMO_ROW_COUNTS.chat_messages }, (_, index) => [
    index + 1,
    1 + int(DEMO_ROW_COUNTS.users),
    1 + int(DEMO_ROW_COUNTS.users),
    pick(MESSAGES, int(1000)),
    `${timestamp(when(), int(1_000_000))}+00`,
  ]);
  const payments = Array.from({ length: DEMO_ROW_COUNTS.payments }, (_, index) => [
    index + 1,
    1 + int(DEMO_ROW_COUNTS.orders),
    (1000 + int(3_000_000)) / 100,
    index % 10 === 0 ? 'USD' : 'KRW',
    index % 6 === 0 ? null : String(int(10000)).padStart(4, '0'),
    index % 13 !== 0,
    `${timestamp(when())}+00`,
  ]);
  return [
    {
      name: 'users',
      columns: [
        'id',
        'email',
        'phone',
        'name',
        'password_hash',
        'country',
        'birth_date',
        'created_at',
        'updated_at',
      ],
      rows: users,
    },
    { name: 'items', columns: ['id', 'seller_id', 'title', 'price', 'status', 'created_at'], rows: items },
    {
      name: 'orders',
      columns: ['id', 'item_id', 'buyer_id', 'quantity', 'total', 'shipping_address', 'ordered_at'],
      rows: orders,
    },
    { name: 'chat_messages', columns: ['id', 'sender_id', 'receiver_id', 'body', 'sent_at'], rows: chats },
    {
      name: 'payments',
      columns: ['id', 'order_id', 'amount', 'currency', 'card_last4', 'succeeded', 'paid_at'],
      rows: payments,
    },
  ];
}

/**
 * The query `datalake local` shows after a demo run: new users per month, with one user's
 * hashed email, so the masking is visible.
 *
 * @example
 * ```ts
 * demoSampleQuery('demo_marketplace');
 * ```
 */
export function demoSampleQuery(database: string): string {
  return [
    "SELECT strftime(created_at, '%Y-%m') AS month, count(*) AS new_users, min(email) AS an_email_sha256",
    `FROM ${database}.users GROUP BY month ORDER BY month LIMIT 6`,
  ].join('\n');
}
