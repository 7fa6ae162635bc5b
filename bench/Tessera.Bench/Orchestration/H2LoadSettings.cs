namespace Tessera.Bench.Orchestration;

/// <summary>
/// One h2load run: a fixed number of requests, so that h2load waits for every
/// answer and its counts and the server's agree exactly (a timed run ends by
/// dropping the requests in flight).
/// </summary>
/// <param name="Threads">h2load worker threads (-t); 1, so h2load fits on its own core.</param>
/// <param name="Clients">HTTP/2 connections (-c).</param>
/// <param name="Streams">Concurrent streams per connection (-m).</param>
/// <param name="Requests">Requests in all (-n).</param>
internal sealed record H2LoadSettings(int Threads, int Clients, int Streams, int Requests)
{
    public string Describe(string requests) => $"h2load -t {Threads} -c {Clients} -m {Streams} -n {requests}";
}
