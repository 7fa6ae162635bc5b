namespace Tessera.Server.Sessions;

/// <summary>The request-shape checks of SES-4 and SES-5 (INVALID_REQUEST).</summary>
internal static class RequestShape
{
    /// <summary>Longest client_instance_id and guest user_id: 128 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>1 to 128 characters, each printable ASCII 0x21-0x7E (no space).</summary>
    public static bool IsPrintableAsciiId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < '\x21' || c > '\x7E')
            {
                return false;
            }
        }

        return true;
    }
}
