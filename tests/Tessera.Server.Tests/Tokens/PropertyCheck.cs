using FsCheck;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// Runs an FsCheck property inside a plain xunit fact, with the case count next to
/// the property and the shrunk counterexample and replay seed in the failure.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="maxTest"/> cases; throws with the shrunk counterexample and its replay seed on failure.</summary>
    public static void Run(Property property, int maxTest = 100) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), property);
}
