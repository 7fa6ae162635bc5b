namespace Tessera.Conformance.Commands;

/// <summary>What is wrong with a StartSession request apart from its token (SES-3, SES-4, SES-5).</summary>
internal enum StartDefect
{
    None,

    /// <summary>client_instance_id "" (SES-4).</summary>
    EmptyInstance,

    /// <summary>client_instance_id with a space, outside 0x21-0x7E (SES-4).</summary>
    UnprintableInstance,

    /// <summary>client_instance_id of 129 characters (SES-4).</summary>
    LongInstance,

    /// <summary>Neither token nor guest (SES-4).</summary>
    NoCredential,

    /// <summary>protocol_version "" (SES-3).</summary>
    EmptyProtocol,

    /// <summary>protocol_version "tessera.v0" (SES-3).</summary>
    UnknownProtocol,

    /// <summary>A schema_hash the server does not have (SES-3).</summary>
    WrongSchemaHash,

    /// <summary>The server's own schema_hash: accepted (SES-3).</summary>
    MatchingSchemaHash,

    /// <summary>Guest user_id "" (SES-5).</summary>
    EmptyGuestUser,

    /// <summary>The token credential set to "": INVALID_REQUEST, not TOKEN_INVALID (SES-4, draft 2).</summary>
    EmptyToken,
}
