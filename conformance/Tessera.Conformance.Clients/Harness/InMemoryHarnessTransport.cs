using System.IO.Pipelines;
using System.Text;

namespace Tessera.Conformance.Clients.Harness;

/// <summary>
/// A client under test in this process: the same JSON lines, carried over
/// in-memory pipes to an adapter function (for example a test hosting the
/// reference adapter with a fault injected). Disposing ends the adapter's
/// input and waits for it to finish.
/// </summary>
public sealed class InMemoryHarnessTransport : IClientHarnessTransport
{
    private readonly Pipe _toAdapter = new();
    private readonly Pipe _fromAdapter = new();
    private readonly StreamWriter _adapterOutput;
    private readonly Task _adapter;

    private InMemoryHarnessTransport(string description, Func<TextReader, TextWriter, Task> adapter)
    {
        Description = description;
        Commands = new StreamWriter(_toAdapter.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
        Answers = new StreamReader(_fromAdapter.Reader.AsStream(), new UTF8Encoding(false));
        var adapterInput = new StreamReader(_toAdapter.Reader.AsStream(), new UTF8Encoding(false));
        _adapterOutput = new StreamWriter(_fromAdapter.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
        _adapter = Task.Run(async () =>
        {
            try
            {
                await adapter(adapterInput, _adapterOutput).ConfigureAwait(false);
            }
            finally
            {
                await _fromAdapter.Writer.CompleteAsync().ConfigureAwait(false);
            }
        });
    }

    public string Description { get; }

    public TextWriter Commands { get; }

    public TextReader Answers { get; }

    public string Diagnostics => _adapter.IsFaulted ? _adapter.Exception!.ToString() : string.Empty;

    /// <summary>Runs <paramref name="adapter"/> (reads commands, writes answers) on the thread pool.</summary>
    public static InMemoryHarnessTransport Start(string description, Func<TextReader, TextWriter, Task> adapter) => new(description, adapter);

    public async ValueTask DisposeAsync()
    {
        await _toAdapter.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _adapter.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported through Diagnostics while the run was going; nothing to add here.
        }
    }
}
