namespace Tessera.Bench.Micro;

/// <summary>Nanoseconds per operation (mean and median of the iterations) and bytes allocated per operation.</summary>
internal sealed record MicroMeasure(double MeanNs, double MedianNs, long AllocatedBytes);
