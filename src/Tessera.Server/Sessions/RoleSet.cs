namespace Tessera.Server.Sessions;

/// <summary>Roles as a set: sorted by ordinal order and distinct (SES-7), so two sets are equal exactly when the arrays are (UPD-3).</summary>
internal static class RoleSet
{
    /// <summary>A fresh, sorted (ordinal), distinct copy of <paramref name="roles"/>.</summary>
    public static string[] Normalize(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Count == 0)
        {
            return [];
        }

        var sorted = new string[roles.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = roles[i];
        }

        Array.Sort(sorted, CodePointComparer.Instance);
        var kept = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (!string.Equals(sorted[i], sorted[kept - 1], StringComparison.Ordinal))
            {
                sorted[kept++] = sorted[i];
            }
        }

        return kept == sorted.Length ? sorted : sorted[..kept];
    }

    /// <summary>Equality of two normalized role sets.</summary>
    public static bool SetEquals(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
