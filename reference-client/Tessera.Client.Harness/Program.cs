using Tessera.Client.Harness;

// The reference client under the client-conformance harness contract
// (conformance/docs/client-harness.md): commands on stdin, answers and events
// on stdout, one JSON object per line. Diagnostics go to stderr.
using var stdin = new StreamReader(Console.OpenStandardInput());
using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
await new HarnessAdapter(stdin, stdout).RunAsync();
return 0;
