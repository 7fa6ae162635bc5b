namespace Tessera.Bench.Orchestration;

/// <summary>Target verdicts; a smoke run has too few samples to judge, so it judges nothing.</summary>
internal static class Verdict
{
    public const string NotJudged = "n/a (smoke)";

    public static string Of(bool smoke, params bool[] conditions)
    {
        if (smoke)
        {
            return NotJudged;
        }

        foreach (var condition in conditions)
        {
            if (!condition)
            {
                return "MISSED";
            }
        }

        return "met";
    }
}
