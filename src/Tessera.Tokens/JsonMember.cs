namespace Tessera.Tokens;

/// <summary>
/// One member of a JOSE header or claim set: its name and its value as raw
/// JSON text, written verbatim. Raw text is what lets the minter produce the
/// wrong types, numbers with fractions, and values that are not JSON at all.
/// </summary>
/// <param name="Name">The member name, written as a JSON string.</param>
/// <param name="RawJson">The value, written as is (no validation).</param>
public readonly record struct JsonMember(string Name, string RawJson);
