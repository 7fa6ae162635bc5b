using System.Text;

namespace Tessera.Grpc;

public sealed partial class Metadata
{
    /// <summary>One metadata key and its ASCII or binary value.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        /// <summary>An ASCII entry. The key is lowercased; the value must be printable ASCII (0x20-0x7E).</summary>
        public Entry(string key, string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' ends in '-bin' and takes a byte[] value.", nameof(key));
            }
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException("ASCII metadata values must be printable ASCII (0x20-0x7E).", nameof(value));
                }
            }
            _value = value;
        }

        /// <summary>A binary entry. The key is lowercased and must end in <c>-bin</c>.</summary>
        public Entry(string key, byte[] value)
        {
            ArgumentNullException.ThrowIfNull(value);
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' must end in '-bin' to take a byte[] value.", nameof(key));
            }
            _bytes = value;
        }

        private Entry(string key, string? value, byte[]? bytes)
        {
            Key = key;
            _value = value;
            _bytes = bytes;
        }

        /// <summary>The lowercase key.</summary>
        public string Key { get; }

        /// <summary>Whether the value is binary (the key ends in <c>-bin</c>).</summary>
        public bool IsBinary => _bytes is not null;

        /// <summary>The ASCII value. Throws <see cref="InvalidOperationException"/> for a binary entry.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Entry '{Key}' is binary: read ValueBytes.");

        /// <summary>The binary value, or the ASCII value's bytes for an ASCII entry.</summary>
        public byte[] ValueBytes => _bytes ?? Encoding.ASCII.GetBytes(_value!);

        /// <inheritdoc />
        public override string ToString() =>
            IsBinary ? $"{Key}: {Convert.ToBase64String(_bytes!)}" : $"{Key}: {_value}";

        /// <summary>An entry taken from the wire: the key is already lowercase and the value is not re-checked.</summary>
        internal static Entry FromWire(string key, string? value, byte[]? bytes) => new(key, value, bytes);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                // Header-Name -> 1*( %x30-39 / %x61-7A / "_" / "-" / ".")
                if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or '_' or '-' or '.'))
                {
                    throw new ArgumentException($"Metadata key '{key}' may hold only 0-9 a-z _ - .", nameof(key));
                }
            }
            return lower;
        }
    }
}
