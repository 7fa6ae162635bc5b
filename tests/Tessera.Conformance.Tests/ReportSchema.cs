using System.Text.Json;
using Json.Schema;

namespace Tessera.Conformance.Tests;

/// <summary>conformance/docs/report.schema.json, the published schema of the --json report, as a validator.</summary>
internal static class ReportSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(RepositoryFiles.Read("conformance/docs/report.schema.json")));

    /// <summary>Every place where <paramref name="json"/> breaks the schema, as "location: message"; empty when it conforms.</summary>
    public static List<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid, with no detail"];
    }
}
