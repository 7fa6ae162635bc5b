namespace Tessera.Conformance.Model;

/// <summary>A reason the model expects, with the requirement ids that demand it.</summary>
/// <param name="Reason">The ErrorInfo reason (<see cref="Tessera.Protocol.V1.ErrorReasons"/>).</param>
/// <param name="Ids">The requirements that make this the answer, most specific first.</param>
internal sealed record Rule(string Reason, IReadOnlyList<string> Ids)
{
    public override string ToString() => $"{Reason} ({string.Join(", ", Ids)})";
}
