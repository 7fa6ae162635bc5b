using System.Diagnostics.Metrics;
using Tessera.Server.Tokens;

namespace Tessera.Server.Hosting;

/// <summary>Counts token validations by outcome: tessera.tokens.validations{outcome}.</summary>
internal sealed class TokenValidationMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _validations;
    private readonly KeyValuePair<string, object?>[] _tags;

    public TokenValidationMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Sessions.SessionMetrics.MeterName) ?? new Meter(Sessions.SessionMetrics.MeterName);
        _validations = _meter.CreateCounter<long>("tessera.tokens.validations", unit: "{token}", description: "Token validations, by outcome.");
        // One tag array per outcome, built once: the request path records without allocating.
        var outcomes = Enum.GetValues<TokenValidationOutcome>();
        _tags = new KeyValuePair<string, object?>[outcomes.Max(o => (int)o) + 1];
        foreach (var outcome in outcomes)
        {
            _tags[(int)outcome] = new KeyValuePair<string, object?>("outcome", outcome.ToString());
        }
    }

    public void Record(TokenValidationOutcome outcome) => _validations.Add(1, _tags[(int)outcome]);

    public void Dispose() => _meter.Dispose();
}
