using System.Text.Json.Nodes;

namespace Tessera.Conformance.Clients.Harness;

/// <summary>An unsolicited line from the client: <c>token_request</c>, <c>session_event</c>, <c>session_error</c>, <c>state</c>.</summary>
/// <param name="Index">Arrival order over the whole run.</param>
/// <param name="Kind">The <c>event</c> member.</param>
/// <param name="Body">The whole line.</param>
internal sealed record HarnessEvent(long Index, string Kind, JsonObject Body)
{
    public string? SessionId => Body["session_id"]?.GetValue<string>();

    public string? Text(string name) => Body[name]?.GetValue<string>();

    public long Long(string name) => Body[name]?.GetValue<long>() ?? 0;
}
