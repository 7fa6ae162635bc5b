using System.Reflection;
using System.Text.RegularExpressions;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests;

/// <summary>
/// Every reason, end-reason and action name on the wire has one home, Tessera.Protocol
/// (<see cref="ErrorReasons"/>, <see cref="EndReasonNames"/>, <see cref="ErrorActions"/>): no product code
/// spells one as a string literal. Tests may, where they check the wire itself.
/// </summary>
public sealed class WireNameLiteralTests
{
    private static readonly string[] ProductFolders = ["src", "conformance", "reference-client", "reference-server", "bench"];

    [Fact]
    public void ProductCode_OutsideTesseraProtocol_SpellsNoReasonOrEndReasonName()
    {
        var names = typeof(ErrorReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(ErrorReasons.Domain))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(EndReasonNames.All.Where(n => n != EndReasonNames.NameOf(SessionEndReason.Unspecified)))
            // The actions too, but NONE: "NONE" is also a JWS alg spelling a token attack sends.
            .Concat(typeof(ErrorActions).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (string)f.GetRawConstantValue()!)
                .Where(n => n != ErrorActions.None))
            .Distinct()
            .ToList();
        Assert.Contains("SESSION_REPLACED", names);
        Assert.Contains("REFRESH_TOKEN", names);
        var literal = new Regex("\"(" + string.Join('|', names) + ")\"", RegexOptions.CultureInvariant);
        var root = RepositoryFiles.Root();

        var offenders = ProductFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("src/Tessera.Protocol/", StringComparison.Ordinal)
                && !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal)
                && !path.Split('/').Any(part => part.EndsWith(".Tests", StringComparison.Ordinal)))
            .SelectMany(path => File.ReadLines(Path.Combine(root, path)).Select((line, i) => (path, line, number: i + 1)))
            .Where(x => literal.IsMatch(x.line))
            .Select(x => $"{x.path}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "wire names spelled outside Tessera.Protocol:\n" + string.Join('\n', offenders));
    }
}
