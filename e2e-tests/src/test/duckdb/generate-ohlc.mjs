// Writes the OHLC test data of e2e-tests with DuckDB, an independent Parquet writer and SQL engine:
//
//   src/test/resources/ohlc/trades/dt=YYYY-MM-DD/hr=HH/data_0.parquet   Hive-partitioned trades
//   src/test/resources/ohlc/expected-ohlc.csv                            1-minute OHLC per symbol
//
// The trades are a deterministic function of a seeded PRNG (not of DuckDB's random()), so a re-run
// with any DuckDB version writes the same rows. Run from a scratch directory outside the project:
//
//   mkdir -p /tmp/duckdb && cd /tmp/duckdb && npm install @duckdb/node-api@1.5.6-r.1
//   node <project>/e2e-tests/src/test/duckdb/generate-ohlc.mjs <project>/e2e-tests/src/test/resources/ohlc
//
// Layout and ordering, chosen for what the test checks:
// - DuckDB writes the partition columns (dt, hr) only into the directory names.
// - hr is a zero-padded string, so file names sort in time order ("hr=09" < "hr=10"): a reader
//   that takes files in name order sees event time advance, and a streaming watermark does not
//   pass rows of a later file.
// - Inside a file the rows are in minute order but shuffled within each minute (ties included),
//   so arrival order says nothing about which trade opened or closed a minute; a watermark
//   delay of one minute covers the disorder.
// - Timestamps have whole-second resolution (plus 0 or 500 ms), so two trades of one symbol often
//   share a timestamp, also at the start or end of a minute: the trade id breaks such ties.
// - ROW_GROUP_SIZE 2048 gives every file several row groups.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = resolve(process.argv[2] ?? '.');
const require = createRequire(join(process.cwd(), 'package.json'));
const { DuckDBInstance } = await import(
  pathToFileURL(require.resolve('@duckdb/node-api')).href
);

// mulberry32: a small, well-known 32-bit PRNG; the whole data set follows from SEED.
const SEED = 20240304;
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const pick = (n) => Math.floor(rnd() * n);

const SYMBOLS = ['AAPL', 'AMZN', 'MSFT', 'NVDA', 'TSLA', 'XOM'];
const BASE = [189.5, 151.25, 402.1, 822.75, 201.8, 104.35];
const DAYS = ['2024-03-04', '2024-03-05'];
const FIRST_MINUTE = 9 * 60 + 30; // 09:30
const MINUTES = 90; // to 11:00: hours 09 and 10
const TRADES_PER_MINUTE = 120; // on average, over all symbols

const lines = ['id,ts,symbol,price,qty,side'];
let id = 0;
const price = BASE.slice();
for (const day of DAYS) {
  for (let m = FIRST_MINUTE; m < FIRST_MINUTE + MINUTES; m++) {
    const n = TRADES_PER_MINUTE - 30 + pick(61);
    const minute = [];
    for (let k = 0; k < n; k++) {
      const s = pick(SYMBOLS.length);
      // A random walk in cents, kept near the base price.
      price[s] = Math.max(1, price[s] + (pick(21) - 10) * 0.01 + (BASE[s] - price[s]) * 0.01);
      const cents = Math.round(price[s] * 100);
      const second = pick(60);
      const millis = pick(2) * 500;
      const hh = String(Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      const ss = String(second).padStart(2, '0');
      const ts = `${day} ${hh}:${mm}:${ss}.${String(millis).padStart(3, '0')}`;
      minute.push([
        ++id,
        ts,
        SYMBOLS[s],
        (cents / 100).toFixed(2),
        (1 + pick(50)) * 10,
        pick(2) === 0 ? 'BUY' : 'SELL',
      ]);
    }
    // Ids are handed out in generation order, not in time order; the rows of a minute are
    // written in a random order (Fisher-Yates).
    for (let i = minute.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [minute[i], minute[j]] = [minute[j], minute[i]];
    }
    for (const row of minute) lines.push(row.join(','));
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'ohlc-'));
const csv = join(scratch, 'trades.csv');
writeFileSync(csv, lines.join('\n') + '\n');

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const run = (sql) => db.run(sql);
const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjects();

await run('SET threads = 1'); // one file per partition, rows in insertion order
await run('SET preserve_insertion_order = true');
await run(`CREATE TABLE trades AS
  SELECT id::BIGINT AS id, ts::TIMESTAMP_MS AS ts, symbol::VARCHAR AS symbol,
         price::DECIMAL(10, 2) AS price, qty::INTEGER AS qty, side::VARCHAR AS side,
         CAST(ts::TIMESTAMP AS DATE) AS dt, strftime(ts::TIMESTAMP, '%H') AS hr,
         row_number() OVER () AS seq
  FROM read_csv('${csv}', header = true, all_varchar = true)`);

mkdirSync(out, { recursive: true });
const tradesDir = join(out, 'trades');
if (existsSync(tradesDir)) rmSync(tradesDir, { recursive: true });
await run(`COPY (SELECT id, ts, symbol, price, qty, side, dt, hr FROM trades ORDER BY seq)
  TO '${tradesDir}' (FORMAT parquet, PARTITION_BY (dt, hr), ROW_GROUP_SIZE 2048,
  COMPRESSION zstd)`);

// The expected answer, from the files just written (not from the table): 1-minute tumbling
// windows, open/close = the price of the first/last trade by (ts, id).
const expected = `
  SELECT symbol,
         strftime(time_bucket(INTERVAL 1 MINUTE, ts), '%Y-%m-%d %H:%M:%S') AS window_start,
         strftime(time_bucket(INTERVAL 1 MINUTE, ts) + INTERVAL 1 MINUTE, '%Y-%m-%d %H:%M:%S')
             AS window_end,
         first(price ORDER BY ts, id) AS open,
         max(price) AS high,
         min(price) AS low,
         last(price ORDER BY ts, id) AS close,
         sum(qty)::BIGINT AS volume,
         count(*) AS trades
  FROM read_parquet('${tradesDir}/*/*/*.parquet', hive_partitioning = true)
  GROUP BY ALL
  ORDER BY symbol, window_start`;
await run(`COPY (SELECT symbol, window_start, window_end, open, high, low, close, volume
  FROM (${expected})) TO '${join(out, 'expected-ohlc.csv')}' (HEADER, DELIMITER ',')`);

// Checks that the data set exercises what the test is for.
const [facts] = await rows(`
  WITH f AS (SELECT *, filename, file_row_number FROM read_parquet('${tradesDir}/*/*/*.parquet',
             hive_partitioning = true, filename = true, file_row_number = true)),
       w AS (SELECT symbol, time_bucket(INTERVAL 1 MINUTE, ts) AS w, min(ts) AS first_ts,
                    max(ts) AS last_ts FROM f GROUP BY ALL)
  SELECT (SELECT count(*) FROM f) AS rows,
         (SELECT count(DISTINCT filename) FROM f) AS files,
         (SELECT count(*) FROM w) AS windows,
         (SELECT count(*) FROM (SELECT w.symbol, w.w FROM w JOIN f ON f.symbol = w.symbol
            AND f.ts = w.first_ts GROUP BY ALL HAVING count(*) > 1)) AS open_ties,
         (SELECT count(*) FROM (SELECT w.symbol, w.w FROM w JOIN f ON f.symbol = w.symbol
            AND f.ts = w.last_ts GROUP BY ALL HAVING count(*) > 1)) AS close_ties,
         (SELECT count(*) FROM (SELECT filename, file_row_number, ts,
            max(time_bucket(INTERVAL 1 MINUTE, ts)) OVER (PARTITION BY filename
              ORDER BY file_row_number) AS seen FROM f) WHERE seen > time_bucket(INTERVAL 1 MINUTE, ts))
           AS rows_behind_a_later_minute,
         (SELECT count(*) FROM (SELECT id, ts, lag(ts) OVER (PARTITION BY filename
            ORDER BY file_row_number) AS prev FROM f) WHERE prev > ts) AS rows_out_of_ts_order,
         (SELECT max(row_group_id) + 1 FROM parquet_metadata('${tradesDir}/*/*/*.parquet'))
           AS max_row_groups_per_file`);
console.log(
  JSON.stringify(facts, (k, v) => (typeof v === 'bigint' ? Number(v) : v), 1),
);
if (facts.open_ties === 0n || facts.close_ties === 0n) throw new Error('no ties at window edges');
if (facts.rows_behind_a_later_minute !== 0n) throw new Error('rows not in minute order');
if (facts.rows_out_of_ts_order === 0n) throw new Error('rows are in timestamp order');
rmSync(scratch, { recursive: true });
