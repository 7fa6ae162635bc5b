using Tessera.Client;
using Tessera.Client.Harness;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Clients.Tests.Faults;

/// <summary>
/// Fault: a client that does not remember it already holds a session: a
/// second start goes to the server as a fresh client on the same instance.
/// </summary>
internal sealed class DoubleStartAdapter(TextReader input, TextWriter output) : HarnessAdapter(input, output)
{
    private readonly List<TesseraClient> _extra = [];

    protected override async Task<Session> StartSessionAsync(string? token, CancellationToken cancellationToken)
    {
        if (Client!.CurrentSession is null)
        {
            return await base.StartSessionAsync(token, cancellationToken);
        }

        var second = new TesseraClient(ClientOptions!);
        _extra.Add(second);
        return await second.StartSessionAsync(token, cancellationToken);
    }

    protected override async ValueTask OnClientClosingAsync()
    {
        foreach (var client in _extra)
        {
            await client.DisposeAsync();
        }

        _extra.Clear();
    }
}
