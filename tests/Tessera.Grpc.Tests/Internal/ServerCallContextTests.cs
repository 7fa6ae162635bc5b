using Microsoft.AspNetCore.Http;

namespace Tessera.Grpc.Tests.Internal;

/// <summary>
/// The parts of <see cref="ServerCallContext"/> built on first use, so a
/// long-lived call that never reads them does not hold them.
/// </summary>
public sealed class ServerCallContextTests
{
    [Fact]
    public void RequestHeaders_FirstRead_CustomMetadataOnlyAndTheSameCollectionAfter()
    {
        var httpContext = new DefaultHttpContext();
        httpContext.Request.Headers["x-custom"] = "value";
        httpContext.Request.Headers["x-data-bin"] = "AAEC";
        httpContext.Request.Headers["grpc-timeout"] = "1S";
        httpContext.Request.Headers["content-type"] = "application/grpc";
        var context = new ServerCallContext(httpContext, "/test.Echo/Echo");

        var headers = context.RequestHeaders;

        Assert.Equal(2, headers.Count);
        Assert.Equal("value", headers.GetValue("x-custom"));
        Assert.Equal([0, 1, 2], headers.GetBytes("x-data-bin"));
        Assert.Null(headers.Get("grpc-timeout"));
        Assert.Same(headers, context.RequestHeaders);
    }

    [Fact]
    public void ResponseTrailers_NeverRead_NoCollectionForTheStatusWriter()
    {
        var context = new ServerCallContext(new DefaultHttpContext(), "/test.Echo/Echo");

        Assert.Null(context.ResponseTrailersOrNull);
    }

    [Fact]
    public void ResponseTrailers_FirstRead_EmptyAndTheSameCollectionAfter()
    {
        var context = new ServerCallContext(new DefaultHttpContext(), "/test.Echo/Echo");

        var trailers = context.ResponseTrailers;
        trailers.Add("x-trailer", "t");

        Assert.Same(trailers, context.ResponseTrailers);
        Assert.Same(trailers, context.ResponseTrailersOrNull);
        Assert.Equal("t", context.ResponseTrailersOrNull!.GetValue("x-trailer"));
    }

    [Fact]
    public void Deadline_NoneStarted_Null()
    {
        var context = new ServerCallContext(new DefaultHttpContext(), "/test.Echo/Echo");

        Assert.Null(context.Deadline);
    }
}
