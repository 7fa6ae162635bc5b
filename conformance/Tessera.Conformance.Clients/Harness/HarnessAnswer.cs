using System.Text.Json.Nodes;

namespace Tessera.Conformance.Clients.Harness;

/// <summary>The answer to one command: ok with its members, or an error object.</summary>
internal sealed record HarnessAnswer(bool Ok, JsonObject Body)
{
    public JsonObject? Error => Body["error"] as JsonObject;

    public JsonObject? Session => Body["session"] as JsonObject;

    public string? ErrorText(string name) => Error?[name]?.GetValue<string>();

    public bool ErrorIsLocal => Error?["local"]?.GetValue<bool>() ?? false;

    public string? SessionText(string name) => Session?[name]?.GetValue<string>();

    public override string ToString() => Body.ToJsonString();
}
