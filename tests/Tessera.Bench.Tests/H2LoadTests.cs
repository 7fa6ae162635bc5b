using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Tests;

public class H2LoadTests
{
    // The tail of a real h2load 1.52 report (gRPC Health/Check, -n 300000).
    private const string Report = """
        finished in 3.00s, 100099.03 req/s, 3.72MB/s
        requests: 300000 total, 300000 started, 300000 done, 299998 succeeded, 1 failed, 1 errored, 0 timeout
        status codes: 299998 2xx, 0 3xx, 1 4xx, 1 5xx
        traffic: 11.15MB (11691420) total, 2.30MB (2411420) headers (space savings 94.53%), 2.00MB (2100000) data
        """;

    [Fact]
    public void Parse_RealReport_ReadsRateAndOutcomes()
    {
        var result = H2Load.Parse(Report);

        Assert.NotNull(result);
        Assert.Equal(100099.03, result.RequestsPerSecond, precision: 2);
        Assert.Equal(300000, result.Done);
        Assert.Equal(299998, result.Succeeded);
        Assert.Equal(1, result.Failed);
        Assert.Equal(1, result.Errored);
        Assert.Equal(0, result.Timeout);
        Assert.Equal(299998, result.Status2xx);
        Assert.Equal(2, result.StatusOther);
    }

    [Fact]
    public void Parse_ReportWithoutStatusLine_ReturnsNull()
    {
        var truncated = Report[..Report.IndexOf("status codes", StringComparison.Ordinal)];

        Assert.Null(H2Load.Parse(truncated));
    }
}
