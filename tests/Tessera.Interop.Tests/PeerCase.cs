namespace Tessera.Interop.Tests;

/// <summary>
/// The case names the peer clients (interop/python/client.py,
/// interop/node/client.js) accept; each prints <c>PASS &lt;name&gt;</c> or
/// <c>FAIL &lt;name&gt;: why</c>.
/// </summary>
internal static class PeerCase
{
    public const string Unary = "unary";
    public const string ServerStreaming = "server_streaming";
    public const string Bidi = "bidi";
    public const string ErrorDetails = "error_details";
    public const string Deadline = "deadline";
    public const string Cancel = "cancel";
    public const string Metadata = "metadata";
    public const string RequestTooLarge = "request_too_large";
    public const string ResponseTooLarge = "response_too_large";
    public const string MessageAtLimit = "message_at_limit";
    public const string Unimplemented = "unimplemented";
    public const string Health = "health";

    /// <summary>Every case, in the order the clients run them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Unary, ServerStreaming, Bidi, ErrorDetails, Deadline, Cancel, Metadata,
        RequestTooLarge, ResponseTooLarge, MessageAtLimit, Unimplemented, Health,
    ];
}
