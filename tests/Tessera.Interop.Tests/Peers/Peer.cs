namespace Tessera.Interop.Tests.Peers;

/// <summary>
/// A third-party gRPC stack with a client and a server program in
/// <c>interop/</c>, and the tools it needs on this machine.
/// </summary>
internal sealed class Peer
{
    private const string InstallHint = "run scripts/install-deps.sh";

    // Debian's python3-grpcio is installed for /usr/bin/python3 only; the
    // python3 first on PATH may be another interpreter without grpc.
    private const string DebianPython = "/usr/bin/python3";

    /// <summary>Python grpcio (Debian python3-grpcio), stubs compiled at start by protoc.</summary>
    public static readonly Peer Python = new(
        "python grpcio",
        DebianPython,
        Path.Combine("python", "server.py"),
        Path.Combine("python", "client.py"),
        CheckPython);

    /// <summary>Node @grpc/grpc-js from tools/node, protos loaded by proto-loader.</summary>
    public static readonly Peer Node = new(
        "node grpc-js",
        "node",
        Path.Combine("node", "server.js"),
        Path.Combine("node", "client.js"),
        CheckNode);

    private readonly Func<string?> _findMissingTool;

    private Peer(string name, string executable, string serverScript, string clientScript, Func<string?> findMissingTool)
    {
        Name = name;
        Executable = executable;
        ServerScript = serverScript;
        ClientScript = clientScript;
        _findMissingTool = findMissingTool;
    }

    /// <summary>How reports name this peer.</summary>
    public string Name { get; }

    /// <summary>The interpreter: an absolute path or a name looked up on PATH.</summary>
    public string Executable { get; }

    /// <summary>The server program, relative to <c>interop/</c>.</summary>
    public string ServerScript { get; }

    /// <summary>The client program, relative to <c>interop/</c>.</summary>
    public string ClientScript { get; }

    /// <summary>Throws, naming the missing tool and the install script, when this peer cannot run here.</summary>
    public void EnsureInstalled()
    {
        var missing = _findMissingTool();
        if (missing is not null)
        {
            throw new InvalidOperationException($"The {Name} interop peer cannot run: {missing}; {InstallHint}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string? CheckPython()
    {
        if (!File.Exists(DebianPython))
        {
            return $"{DebianPython} is missing";
        }
        // The module itself is checked by the peer, which exits with the same hint.
        foreach (var tool in new[] { "protoc", "grpc_python_plugin" })
        {
            if (FindOnPath(tool) is null)
            {
                return $"'{tool}' is not on PATH";
            }
        }
        return null;
    }

    private static string? CheckNode()
    {
        if (FindOnPath("node") is null)
        {
            return "'node' is not on PATH";
        }
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
        {
            if (!Directory.Exists(Path.Combine(RepositoryPaths.NodeModules, package)))
            {
                return $"{package} is not installed in {RepositoryPaths.NodeModules}";
            }
        }
        return null;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
