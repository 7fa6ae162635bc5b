using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The life of one server call, shared by every call kind:
/// <code>
///   gate (HTTP/2, content-type) -> encoding -> grpc-timeout -> InvokeAsync
///     -> status (handler's, RpcException's, or the transport's) -> trailers
///        (Trailers-Only when no message was sent)
/// </code>
/// Subclasses only read the request side and call the handler.
/// </summary>
internal abstract class ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected ServerCallHandler(Method<TRequest, TResponse> method, GrpcServerOptions options, ILogger logger, CancellationToken shutdown)
    {
        Method = method;
        Options = options;
        Logger = logger;
        LiveCalls = new ServerShutdownRegistry(shutdown);
    }

    protected Method<TRequest, TResponse> Method { get; }

    protected GrpcServerOptions Options { get; }

    protected ILogger Logger { get; }

    /// <summary>This method's calls in progress, cancelled together on server shutdown.</summary>
    private ServerShutdownRegistry LiveCalls { get; }

    public Task HandleCallAsync(HttpContext httpContext)
    {
        // The gate decides synchronously unless it writes a refusal; splitting
        // it off keeps its awaiter out of the state machine that a long-lived
        // call (WatchSession) holds for its whole life.
        var accepted = GrpcRequestGate.TryAcceptAsync(httpContext, Logger);
        if (!accepted.IsCompletedSuccessfully)
        {
            return HandleAfterGateAsync(accepted, httpContext);
        }
        return accepted.Result ? StartCall(httpContext) : Task.CompletedTask;
    }

    private async Task HandleAfterGateAsync(ValueTask<bool> accepted, HttpContext httpContext)
    {
        if (await accepted.ConfigureAwait(false))
        {
            await StartCall(httpContext).ConfigureAwait(false);
        }
    }

    private Task StartCall(HttpContext httpContext)
    {
        try
        {
            if (!string.Equals(httpContext.Request.Path.Value, Method.FullName, StringComparison.Ordinal))
            {
                // Routing matches paths case-insensitively and ignores a trailing
                // slash; the gRPC path is case-sensitive and exact.
                UnimplementedCallHandler.WriteUnimplemented(httpContext, Options, Logger);
                return Task.CompletedTask;
            }
            // The call runs with the context alone: every parameter of an async
            // method is a field of its state machine, held for the call's life.
            var context = new ServerCallContext(httpContext, Method.FullName);
            LiveCalls.Add(context);
            return RunCallAsync(context);
        }
        catch (Exception ex)
        {
            // A failure here ends the request the way it did inside an async method: as a faulted task.
            return Task.FromException(ex);
        }
    }

    private async Task RunCallAsync(ServerCallContext context)
    {
        var httpContext = context.HttpContext;
        HttpContextStreamWriter<TResponse>? writer = null;
        Status status;
        CallCancelReason cancelReason;
        try
        {
            GrpcRequestGate.ThrowIfUnsupportedEncoding(httpContext, Options.ErrorInfoDomain);
            StartDeadline(context);
            var reader = new HttpContextStreamReader<TRequest>(context, Method.RequestParser, Options);
            writer = new HttpContextStreamWriter<TResponse>(context, Options);
            Task invocation;
            if (ReadsSingleRequest)
            {
                // Read here, not in a per-kind async method, and hand the
                // handler's own task back: a long-lived call (WatchSession)
                // then holds one transport state machine rather than two.
                var request = await ReadSingleRequestAsync(context, reader).ConfigureAwait(false);
                invocation = InvokeAsync(request, context, writer);
            }
            else
            {
                invocation = InvokeAsync(context, reader, writer);
            }
            await invocation.ConfigureAwait(false);
            cancelReason = context.StopDeadline();
            status = context.Status;
        }
        catch (Exception ex)
        {
            // Read the cause before mapping: a deadline that fires after the
            // handler finished does not rewrite its outcome.
            cancelReason = context.StopDeadline();
            status = StatusForFailure(context, ex);
        }
        finally
        {
            writer?.Complete();
        }

        try
        {
            switch (cancelReason)
            {
                case CallCancelReason.ClientAborted:
                    // The stream is gone; there is no one to send a status to.
                    GrpcServerLog.CallCancelledByClient(Logger, Method.FullName);
                    return;
                case CallCancelReason.Deadline:
                    // Whatever the handler made of its cancelled token, the call ran out of time (TRN-4).
                    GrpcServerLog.DeadlineExceeded(Logger, Method.FullName, context.Deadline);
                    status = TransportErrors.Create(
                        StatusCode.DeadlineExceeded, TransportErrorReason.DeadlineExceeded, "Deadline exceeded.", Options.ErrorInfoDomain);
                    break;
                case CallCancelReason.ServerShutdown:
                    GrpcServerLog.CallCancelledByShutdown(Logger, Method.FullName);
                    break;
            }
            if (status.Code != StatusCode.OK)
            {
                GrpcServerLog.CallFailed(Logger, Method.FullName, status.Code, status.Detail);
            }
            // Read from the context again so the local is dead across the await and not hoisted.
            ServerStatusWriter.Write(context.HttpContext.Response, status, context.ResponseTrailersOrNull);
        }
        finally
        {
            LiveCalls.Remove(context);
            context.Complete();
        }
    }

    /// <summary>
    /// Whether the call carries exactly one request (unary, server streaming),
    /// which the transport reads before the handler runs; such kinds override
    /// <see cref="InvokeAsync(TRequest, ServerCallContext, HttpContextStreamWriter{TResponse})"/>,
    /// the others the overload with a reader.
    /// </summary>
    protected abstract bool ReadsSingleRequest { get; }

    /// <summary>Runs the handler of a request-streaming call; the response stream is <paramref name="writer"/>.</summary>
    protected virtual Task InvokeAsync(ServerCallContext context, HttpContextStreamReader<TRequest> reader, HttpContextStreamWriter<TResponse> writer) =>
        throw new System.Diagnostics.UnreachableException("A request-streaming call handler must override this.");

    /// <summary>Runs the handler of a single-request call with its request; the response stream is <paramref name="writer"/>.</summary>
    protected virtual Task InvokeAsync(TRequest request, ServerCallContext context, HttpContextStreamWriter<TResponse> writer) =>
        throw new System.Diagnostics.UnreachableException("A single-request call handler must override this.");

    /// <summary>
    /// The single request of a unary or server-streaming call: exactly one
    /// message, then the end of the stream, before the handler runs (TRN-9:
    /// a request that does not parse never reaches the handler).
    /// </summary>
    private async ValueTask<TRequest> ReadSingleRequestAsync(ServerCallContext context, HttpContextStreamReader<TRequest> reader)
    {
        var request = await reader.ReadAsync(context.CancellationToken).ConfigureAwait(false)
            ?? throw TransportErrors.Exception(
                StatusCode.Internal, TransportErrorReason.MissingRequest,
                "The request stream ended without a request message.", Options.ErrorInfoDomain);
        if (await reader.ReadAsync(context.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw TransportErrors.Exception(
                StatusCode.Internal, TransportErrorReason.TooManyRequests,
                "The request stream held more than one message for a single-request method.", Options.ErrorInfoDomain);
        }
        return request;
    }

    private void StartDeadline(ServerCallContext context)
    {
        string? value = context.HttpContext.Request.Headers[GrpcProtocol.TimeoutHeader];
        if (value is null)
        {
            return;
        }
        if (!GrpcTimeout.TryParse(value, out var timeout))
        {
            throw TransportErrors.Exception(
                StatusCode.Internal, TransportErrorReason.MalformedTimeout,
                $"Malformed grpc-timeout value '{value}'.", Options.ErrorInfoDomain);
        }
        context.StartDeadline(timeout, Options.TimeProvider);
    }

    private Status StatusForFailure(ServerCallContext context, Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    context.ResponseTrailers.Add(entry);
                }
                return rpc.Status;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
            case Exception when context.CancelReason != CallCancelReason.None:
                // Cancellation seen by the handler, or a write that failed
                // because the stream was reset: the cancel reason decides.
                return context.CancelReason == CallCancelReason.ServerShutdown
                    ? TransportErrors.Create(StatusCode.Unavailable, TransportErrorReason.ServerShuttingDown, "The server is shutting down.", Options.ErrorInfoDomain)
                    : new Status(StatusCode.Cancelled, "The call was cancelled.");
            default:
                // No stack trace or exception text leaves the process.
                GrpcServerLog.HandlerFailed(Logger, Method.FullName, exception);
                return TransportErrors.Create(
                    StatusCode.Unknown, TransportErrorReason.HandlerFailed, "Exception was thrown by handler.", Options.ErrorInfoDomain);
        }
    }
}
