using System.Globalization;

namespace Tessera.Bench.Orchestration;

/// <summary>Median, minimum and maximum of a figure's repeats (one value per round).</summary>
internal sealed record Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>"61 % (55-64, n=5)" with <paramref name="format"/> applied to each number.</summary>
    public string Format(string format, string unit) =>
        Count == 1
            ? $"{Median.ToString(format, CultureInfo.InvariantCulture)}{unit} (n=1)"
            : $"{Median.ToString(format, CultureInfo.InvariantCulture)}{unit} ({Min.ToString(format, CultureInfo.InvariantCulture)}-{Max.ToString(format, CultureInfo.InvariantCulture)}, n={Count})";
}
