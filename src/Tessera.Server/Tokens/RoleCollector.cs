using System.Buffers;
using System.Text.Json;

namespace Tessera.Server.Tokens;

/// <summary>
/// The <c>roles</c> array (TOK-9), collected into a pooled array and
/// returned sorted (ordinal) and distinct, as <see cref="ValidatedToken.Roles"/> promises.
/// </summary>
internal struct RoleCollector
{
    private string[]? _roles;
    private int _count;

    public bool Read(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            Add(reader.GetString()!);
        }

        return true;
    }

    public readonly string[] ToSortedDistinct()
    {
        if (_count == 0)
        {
            return [];
        }

        Array.Sort(_roles!, 0, _count, Sessions.CodePointComparer.Instance);
        var distinct = 1;
        for (var i = 1; i < _count; i++)
        {
            if (!string.Equals(_roles![i], _roles[distinct - 1], StringComparison.Ordinal))
            {
                _roles[distinct++] = _roles[i];
            }
        }

        return _roles.AsSpan(0, distinct).ToArray();
    }

    public void Dispose()
    {
        if (_roles is not null)
        {
            ArrayPool<string>.Shared.Return(_roles, clearArray: true);
            _roles = null;
        }
    }

    private void Add(string role)
    {
        if (_roles is null)
        {
            _roles = ArrayPool<string>.Shared.Rent(8);
        }
        else if (_count == _roles.Length)
        {
            var bigger = ArrayPool<string>.Shared.Rent(_count * 2);
            _roles.AsSpan().CopyTo(bigger);
            ArrayPool<string>.Shared.Return(_roles, clearArray: true);
            _roles = bigger;
        }

        _roles[_count++] = role;
    }
}
