using Tessera.Conformance.Model;

namespace Tessera.Conformance.Commands;

/// <summary>A token minted before the command runs, with the facts the model judges it by.</summary>
internal sealed record PresetToken(string Token, TokenFacts Facts);
