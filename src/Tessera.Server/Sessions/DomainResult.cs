using System.Diagnostics.CodeAnalysis;
using Tessera.Server.Errors;

namespace Tessera.Server.Sessions;

/// <summary>
/// The answer of a domain call: a value, or a <see cref="TesseraError"/>. Domain
/// failures are values, never exceptions, so handlers map them in one place
/// (<see cref="ErrorCatalog"/>).
/// </summary>
internal readonly struct DomainResult<T>
{
    private DomainResult(T? value, TesseraError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value; set exactly when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>The error; set exactly when not <see cref="IsSuccess"/>.</summary>
    public TesseraError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static DomainResult<T> Success(T value) => new(value, null);

    public static DomainResult<T> Failure(TesseraError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator DomainResult<T>(TesseraError error) => Failure(error);

    public override string ToString() => IsSuccess ? $"Success({Value})" : $"Failure({Error})";
}
