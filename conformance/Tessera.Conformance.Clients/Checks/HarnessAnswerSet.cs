using Tessera.Conformance.Clients.Harness;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>The answers to commands sent together.</summary>
internal sealed class HarnessAnswerSet(IReadOnlyList<HarnessAnswer> answers)
{
    public HarnessAnswer? FirstFailure => answers.FirstOrDefault(a => !a.Ok);
}
