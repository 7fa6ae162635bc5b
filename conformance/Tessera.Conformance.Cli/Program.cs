using Tessera.Conformance.Cli;

// Thin entry point: Ctrl+C cancels the run; everything else is CliApplication.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await CliApplication.RunAsync(args, Console.Out, Console.Error, cancellation.Token);

// The tool's entry point is no API: declared internal so ASP.NET Core's
// generator (which makes a top-level Program public for WebApplicationFactory)
// leaves it out of the package's public surface.
internal partial class Program;
