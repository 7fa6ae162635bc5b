namespace Tessera.Tokens;

/// <summary>Ways to break the base64url of a token's payload segment (TOK-1).</summary>
public enum MalformedEncoding
{
    /// <summary>'=' padding, which JWS compact form forbids.</summary>
    Padding,

    /// <summary>'+' where base64url has '-' (the standard alphabet).</summary>
    StandardAlphabet,

    /// <summary>A character outside every base64 alphabet ('!').</summary>
    InvalidCharacter,

    /// <summary>A line break inside the segment, which lenient decoders skip.</summary>
    Whitespace,

    /// <summary>A length that no encoding produces (4n + 1 characters).</summary>
    ImpossibleLength,

    /// <summary>
    /// Non-zero unused bits in the last character: decodes, by a lenient
    /// decoder, to the same bytes as the canonical text. RFC 4648 section 3.5
    /// lets a decoder reject it; the reference server does.
    /// </summary>
    NonCanonical,
}
