using Microsoft.AspNetCore.Http;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Passes a StartSession token credential set to "" on to the token
/// validator, which refuses it with TOKEN_INVALID, as the reference server
/// did before draft 2 settled on INVALID_REQUEST (breaks SES-4). The
/// request is rewritten on the wire (the empty token becomes "-", which no
/// validator parses), so the handler itself is the real one.
/// </summary>
/// <remarks>
/// <code>
///   gRPC frame: compressed flag (1 byte) | length (4 bytes, big-endian) | StartSessionRequest
/// </code>
/// </remarks>
internal static class StartRequestRewriter
{
    private static readonly string StartPath = MethodPaths.StartSession;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == StartPath)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            if (body.Length >= 5 && body[0] == 0
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)) is var length && body.Length - 5 == length
                && StartSessionRequest.Parser.ParseFrom(body.AsSpan(5, (int)length)) is { CredentialCase: StartSessionRequest.CredentialOneofCase.Token, Token.Length: 0 } request)
            {
                request.Token = "-";
                var message = Google.Protobuf.MessageExtensions.ToByteArray(request);
                body = new byte[5 + message.Length];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1, 4), (uint)message.Length);
                message.CopyTo(body, 5);
            }

            context.Request.Body = new MemoryStream(body);
        }

        await next(context);
    }
}
