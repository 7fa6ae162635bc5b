namespace Tessera.Conformance.Clients.Harness;

/// <summary>
/// The two text streams of a client under test: commands go to
/// <see cref="Commands"/> (its stdin), answers and events come from
/// <see cref="Answers"/> (its stdout), one JSON object per line.
/// </summary>
public interface IClientHarnessTransport : IAsyncDisposable
{
    /// <summary>What is being judged, for the report.</summary>
    string Description { get; }

    /// <summary>Where commands are written.</summary>
    TextWriter Commands { get; }

    /// <summary>Where answers and events are read.</summary>
    TextReader Answers { get; }

    /// <summary>The last lines the client wrote to stderr, if it has one; for failure messages.</summary>
    string Diagnostics { get; }
}
