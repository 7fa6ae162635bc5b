namespace Tessera.Conformance.Model;

/// <summary>Who a session belongs to: (issuer, user id, guest), as SES-5 defines identity.</summary>
internal sealed record SessionIdentity(string Issuer, string UserId, bool Guest)
{
    public override string ToString() => Guest ? $"guest {UserId}@{Issuer}" : $"{UserId}@{Issuer}";
}
