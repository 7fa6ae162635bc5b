using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Bench.Cli;

/// <summary>
/// How a child process talks to the orchestrator: one line on stdout per
/// message, <c>TAG {json}</c>. Every other line is log output.
/// </summary>
internal static class ChildProtocol
{
    // NaN stands for "not observed" in some figures, so named literals are allowed.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Emit<T>(string tag, T payload)
    {
        var line = tag + " " + JsonSerializer.Serialize(payload, Json);
        lock (Console.Out)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    public static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new BenchFailedException($"empty reply: {json}");
}
