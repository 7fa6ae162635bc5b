namespace Tessera.Bench.Expiry;

/// <summary>
/// What <c>expiry</c> measured. Lateness in milliseconds (firing time minus
/// due time); CPU as a percentage of one core over the expiry window; memory
/// in bytes after forced full collections.
/// </summary>
internal sealed record ExpiryResult(
    int Sessions,
    double SpreadSeconds,
    double SetupSeconds,
    int? TimersHeld,
    long ManagedBefore,
    long ManagedAfter,
    long RssBefore,
    long RssAfter,
    double SchedulerBytesPerTimer,
    int ExpireObserved,
    double ExpireP50,
    double ExpireP99,
    double ExpireMax,
    double ExpireMin,
    int TerminateObserved,
    double TerminateP99,
    double TerminateMax,
    double WindowSeconds,
    double CpuPercent);
