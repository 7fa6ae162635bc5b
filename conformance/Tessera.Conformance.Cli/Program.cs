using Tessera.Conformance.Cli;

// Thin entry point: Ctrl+C cancels the run; everything else is CliApplication.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await CliApplication.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
