-- One-minute OHLC bars per symbol: open, high, low, close and volume of the trades in each
-- 1-minute tumbling window of event time `ts`, over a table
--   trades (id BIGINT, ts TIMESTAMP(3) with a WATERMARK, symbol STRING, price, qty INT, ...).
--
-- Open and close are the prices of the window's first and last trade by (ts, id): ROW_NUMBER
-- over each window and symbol (a window Top-N), so the answer does not depend on the order in
-- which rows arrive, and two trades with the same timestamp are told apart by their id.
-- High, low and volume are a window aggregate. In streaming mode every part is a window
-- operator joined by window joins: each bar is emitted once, when the watermark passes the
-- window's end; in batch mode the same query runs as sorts and hash joins.
WITH windowed AS (
  SELECT window_start, window_end, symbol, id, ts, price, qty
  FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
),
bars AS (
  SELECT window_start, window_end, symbol,
         MAX(price) AS high, MIN(price) AS low, SUM(CAST(qty AS BIGINT)) AS volume
  FROM windowed
  GROUP BY window_start, window_end, symbol
),
opens AS (
  SELECT window_start, window_end, symbol, price AS `open`
  FROM (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY window_start, window_end, symbol ORDER BY ts ASC, id ASC) AS rn
    FROM windowed)
  WHERE rn = 1
),
closes AS (
  SELECT window_start, window_end, symbol, price AS `close`
  FROM (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY window_start, window_end, symbol ORDER BY ts DESC, id DESC) AS rn
    FROM windowed)
  WHERE rn = 1
)
SELECT b.symbol, b.window_start, b.window_end, o.`open`, b.high, b.low, c.`close`, b.volume
FROM bars b
JOIN opens o
  ON o.window_start = b.window_start AND o.window_end = b.window_end AND o.symbol = b.symbol
JOIN closes c
  ON c.window_start = b.window_start AND c.window_end = b.window_end AND c.symbol = b.symbol
