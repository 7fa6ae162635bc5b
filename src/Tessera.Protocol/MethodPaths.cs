using Google.Protobuf.Reflection;
using Tessera.Protocol.Testing.V1;

namespace Tessera.Protocol.V1;

/// <summary>
/// The HTTP/2 <c>:path</c> of each method (<c>/tessera.v1.SessionService/StartSession</c>),
/// for code that sees calls below the generated stubs: interceptors, recorders, raw
/// requests, h2load. Read from the generated service descriptors, and the method
/// names are <c>nameof</c> the generated base's methods, so a renamed or removed
/// method fails the build instead of a path that silently matches nothing.
/// </summary>
public static class MethodPaths
{
    /// <summary><c>/tessera.v1.SessionService/</c>: every SessionService path starts with it.</summary>
    public static readonly string SessionServicePrefix = "/" + SessionService.Descriptor.FullName + "/";

    /// <summary>The path of SessionService.GetServerInfo.</summary>
    public static readonly string GetServerInfo = Session(nameof(SessionService.SessionServiceBase.GetServerInfo));

    /// <summary>The path of SessionService.StartSession.</summary>
    public static readonly string StartSession = Session(nameof(SessionService.SessionServiceBase.StartSession));

    /// <summary>The path of SessionService.GetSession.</summary>
    public static readonly string GetSession = Session(nameof(SessionService.SessionServiceBase.GetSession));

    /// <summary>The path of SessionService.UpdateSessionToken.</summary>
    public static readonly string UpdateSessionToken = Session(nameof(SessionService.SessionServiceBase.UpdateSessionToken));

    /// <summary>The path of SessionService.EndSession.</summary>
    public static readonly string EndSession = Session(nameof(SessionService.SessionServiceBase.EndSession));

    /// <summary>The path of SessionService.WatchSession.</summary>
    public static readonly string WatchSession = Session(nameof(SessionService.SessionServiceBase.WatchSession));

    /// <summary>The path of tessera.testing.v1 TestClockService.GetTime.</summary>
    public static readonly string GetTime = Of(TestClockService.Descriptor, nameof(TestClockService.TestClockServiceBase.GetTime));

    /// <summary>The path of tessera.testing.v1 TestClockService.AdvanceTime.</summary>
    public static readonly string AdvanceTime = Of(TestClockService.Descriptor, nameof(TestClockService.TestClockServiceBase.AdvanceTime));

    /// <summary>The path of <paramref name="method"/> of <paramref name="service"/>; throws when the service has no such method.</summary>
    public static string Of(ServiceDescriptor service, string method)
    {
        ArgumentNullException.ThrowIfNull(service);
        var descriptor = service.FindMethodByName(method)
            ?? throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method));
        return "/" + service.FullName + "/" + descriptor.Name;
    }

    private static string Session(string method) => Of(SessionService.Descriptor, method);
}
