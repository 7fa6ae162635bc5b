namespace Tessera.Server.Sessions;

/// <summary>
/// Orders strings by Unicode code point, which is the byte order of their UTF-8
/// form (SES-7). <see cref="StringComparer.Ordinal"/> is not: it compares UTF-16
/// code units, so "😀" (surrogates D83D…) sorts before "Ａ" (FF21) although its
/// UTF-8 bytes (F0…) sort after (EF…). The conformance suite caught exactly that.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    private CodePointComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                // The first differing code units decide. Moving surrogates
                // (D800-DFFF) above E000-FFFF turns UTF-16 order into code point order.
                return Fixup(x[i]) - Fixup(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
