using System.Globalization;
using Tessera.Client;
using Tessera.Client.Example;

// Usage: dotnet run --project reference-client/Tessera.Client.Example -- [--server http://127.0.0.1:50051]
//        [--user alice] [--roles member,editor] [--refreshes 2]
// Start the development server first: dotnet run --project reference-server
string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var server = new Uri(Option("--server", "http://127.0.0.1:50051"));
var user = Option("--user", "alice");
var roles = Option("--roles", "member").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var refreshesWanted = int.Parse(Option("--refreshes", "2"), CultureInfo.InvariantCulture);

using var backend = DevelopmentTokenBackend.Load(user, roles, TimeSpan.FromMinutes(5));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var client = new TesseraClient(new TesseraClientOptions
{
    Address = server,
    TokenProvider = backend.FetchTokenAsync,
    RefreshMargin = TimeSpan.FromSeconds(30),
    // Five-minute tokens would refresh after four and a half minutes; for the demo, every 5 s.
    RefreshInterval = TimeSpan.FromSeconds(5),
});
client.StateChanged += (_, e) => Console.WriteLine($"state    {e.Previous} -> {e.Current}");
client.SessionError += (_, e) => Console.WriteLine($"error    {e.Reason} {e.EndReason} (do: {e.Action}) {e.Message}");

Console.WriteLine($"client   instance {client.ClientInstanceId}, server {server}");
Tessera.Protocol.V1.Session session;
try
{
    session = await client.StartSessionAsync(cancellationToken: stop.Token);
}
catch (TesseraClientException e) when (e.Reason == TesseraErrorReasons.Transport)
{
    Console.Error.WriteLine($"Cannot reach {server} ({e.StatusCode}). Start the development server first: dotnet run --project reference-server");
    return 1;
}
catch (TesseraClientException e)
{
    Console.Error.WriteLine($"The server refused the session: {e.Reason} (do: {e.Action}) {e.Message}");
    return 1;
}

Console.WriteLine($"started  session {session.SessionId} for {session.UserId} [{string.Join(",", session.Roles)}], expires {session.ExpiresAt.ToDateTimeOffset():O}");

var refreshes = 0;
try
{
    await foreach (var e in client.ReadEventsAsync(stop.Token))
    {
        var detail = e.Kind switch
        {
            TesseraSessionEventKind.TokenUpdated or TesseraSessionEventKind.TokenExpiring => $"expires {e.ExpiresAt:O}",
            TesseraSessionEventKind.TokenExpired => $"terminates {e.TerminatesAt:O}",
            _ => $"{e.EndReason} {e.Message}",
        };
        Console.WriteLine($"event    #{e.Seq} {e.Kind} {detail}");
        if (e.Kind == TesseraSessionEventKind.Terminated)
        {
            return 2;
        }

        if (e.Kind == TesseraSessionEventKind.TokenUpdated && ++refreshes >= refreshesWanted)
        {
            break;
        }
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine("stopping (Ctrl+C)");
}

var current = await client.GetSessionAsync();
Console.WriteLine($"session  {current.State}, expires {current.ExpiresAt.ToDateTimeOffset():O}; the provider was asked {backend.Issued} time(s)");
await client.EndSessionAsync();
Console.WriteLine($"ended    state {client.State}");
return 0;
