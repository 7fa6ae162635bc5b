using Grpc.Core;

namespace Tessera.Client.Internal;

/// <summary>
/// The typed client Grpc.Net.ClientFactory makes for <see cref="TesseraClientServiceCollectionExtensions.AddTesseraClient"/>:
/// it only carries the factory's configured invoker (address, handlers,
/// interceptors) to the one <see cref="TesseraClient"/> of the container.
/// </summary>
internal sealed class TesseraCallInvoker(CallInvoker invoker)
{
    public CallInvoker Invoker { get; } = invoker;
}
