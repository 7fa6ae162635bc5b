namespace Tessera.Client.Harness;

/// <summary>Settings of a <see cref="HarnessAdapter"/>.</summary>
public sealed class HarnessAdapterOptions
{
    /// <summary>
    /// Runs after the adapter has filled in the client options for a
    /// <c>new_client</c> and before the client is created: a place to change
    /// them (a test wrapping the HTTP handler or the clock, for instance).
    /// Defaults to null.
    /// </summary>
    public Action<TesseraClientOptions, HarnessClientConfig>? ConfigureClient { get; init; }
}
