using Tessera.Bench.Cli;

return await BenchCommand.RunAsync(args);
