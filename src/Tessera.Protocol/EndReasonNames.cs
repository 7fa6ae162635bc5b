using System.Collections.Frozen;

namespace Tessera.Protocol.V1;

/// <summary>
/// The spelling of a <see cref="SessionEndReason"/> in ErrorInfo metadata
/// <c>end_reason</c> (ERR-5): the proto enum value's name without its
/// <c>SESSION_END_REASON_</c> prefix (<c>ENDED</c>, <c>SESSION_REPLACED</c>, ...).
/// Derived from the generated descriptor, so a value added to session.proto
/// gets its name here without anyone spelling it.
/// </summary>
public static class EndReasonNames
{
    private const string Prefix = "SESSION_END_REASON_";

    private static readonly FrozenDictionary<SessionEndReason, string> NameByValue =
        SessionReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("SessionEndReason").Values
            .ToFrozenDictionary(v => (SessionEndReason)v.Number, v => v.Name[Prefix.Length..]);

    private static readonly FrozenDictionary<string, SessionEndReason> ValueByName =
        NameByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every defined reason's wire name, <c>UNSPECIFIED</c> included.</summary>
    public static IEnumerable<string> All => ValueByName.Keys;

    /// <summary>The wire name; <c>UNSPECIFIED</c> for a value the proto does not define.</summary>
    public static string NameOf(SessionEndReason reason) =>
        NameByValue.TryGetValue(reason, out var name) ? name : NameByValue[SessionEndReason.Unspecified];

    /// <summary>Parses a wire name; false for anything the proto does not define.</summary>
    public static bool TryParse(string? name, out SessionEndReason reason)
    {
        if (name is not null && ValueByName.TryGetValue(name, out reason))
        {
            return true;
        }

        reason = SessionEndReason.Unspecified;
        return false;
    }
}
