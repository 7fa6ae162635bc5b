namespace Tessera.Bench.Server;

/// <summary>Bytes: resident set, live managed objects, GC heap size, GC committed.</summary>
internal sealed record MemorySample(long Rss, long Managed, long Heap, long Committed);
