package io.laminardb.flink.parquet.quickstart;

/**
 * Running totals of one symbol's trades. A Flink POJO (public fields, public no-argument
 * constructor), so Flink serializes it without Kryo.
 */
public class SymbolStats {

    public String symbol;
    public long trades;
    public long volume;
    public double notional;
    public double minPrice;
    public double maxPrice;

    /** First and last trading day, as days since 1970-01-01 (from the date= partitions). */
    public int firstDay;

    public int lastDay;

    public SymbolStats() {}

    /** The totals of one trade. */
    public static SymbolStats of(String symbol, double price, int qty, int day) {
        SymbolStats s = new SymbolStats();
        s.symbol = symbol;
        s.trades = 1;
        s.volume = qty;
        s.notional = price * qty;
        s.minPrice = price;
        s.maxPrice = price;
        s.firstDay = day;
        s.lastDay = day;
        return s;
    }

    /** The totals of both (of the same symbol). */
    public static SymbolStats merge(SymbolStats a, SymbolStats b) {
        SymbolStats s = new SymbolStats();
        s.symbol = a.symbol;
        s.trades = a.trades + b.trades;
        s.volume = a.volume + b.volume;
        s.notional = a.notional + b.notional;
        s.minPrice = Math.min(a.minPrice, b.minPrice);
        s.maxPrice = Math.max(a.maxPrice, b.maxPrice);
        s.firstDay = Math.min(a.firstDay, b.firstDay);
        s.lastDay = Math.max(a.lastDay, b.lastDay);
        return s;
    }

    /** The volume-weighted average price. */
    public double vwap() {
        return volume == 0 ? 0 : notional / volume;
    }
}
