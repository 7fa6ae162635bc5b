using Microsoft.AspNetCore.Http;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Answers <c>AdvanceTime(by = 0)</c> as a read of the clock instead of
/// refusing it (breaks CLK-4): the request is routed to GetTime, whose
/// answer has the same wire shape (a Timestamp in field 1). Every other
/// advance goes through untouched.
/// </summary>
/// <remarks>
/// The request body is read here, before routing, and handed on as a fresh
/// stream; the server reads it through <c>BodyReader</c>, which Kestrel
/// rebuilds over a replaced body.
/// <code>
///   gRPC frame: compressed flag (1 byte) | length (4 bytes, big-endian) | AdvanceTimeRequest
/// </code>
/// </remarks>
internal static class ZeroAdvanceRewriter
{
    private static readonly string AdvancePath = MethodPaths.AdvanceTime;
    private static readonly string GetTimePath = MethodPaths.GetTime;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == AdvancePath)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            if (body.Length >= 5 && body[0] == 0
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)) is var length && body.Length - 5 >= length
                && AdvanceTimeRequest.Parser.ParseFrom(body.AsSpan(5, (int)length)) is { By: { Seconds: 0, Nanos: 0 } })
            {
                context.Request.Path = GetTimePath;
            }

            context.Request.Body = new MemoryStream(body);
        }

        await next(context);
    }
}
