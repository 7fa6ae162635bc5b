using System.Runtime.CompilerServices;

namespace Tessera.Server.Storage;

/// <summary>
/// The armed generation per session timer kind (ExpiringNotice, Expire, Terminate,
/// Disconnect; 0 = disarmed), stored inline in <see cref="StoredSession"/>: a separate
/// array was one more object kept alive for every retained session.
/// </summary>
[InlineArray(4)]
internal struct TimerGenerations
{
    private ulong _element;
}
