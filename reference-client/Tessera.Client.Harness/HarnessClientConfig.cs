using Tessera.Time;

namespace Tessera.Client.Harness;

/// <summary>What the runner asked for in <c>new_client</c>, as handed to <see cref="HarnessAdapterOptions.ConfigureClient"/>.</summary>
/// <param name="Server">The server address.</param>
/// <param name="ClientInstanceId">The client instance id to use.</param>
/// <param name="RefreshMargin">The refresh margin the runner declared.</param>
/// <param name="Clock">The client's manual clock.</param>
public sealed record HarnessClientConfig(Uri Server, string ClientInstanceId, TimeSpan RefreshMargin, ManualTimeProvider Clock);
