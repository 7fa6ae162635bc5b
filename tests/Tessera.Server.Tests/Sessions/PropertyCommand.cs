namespace Tessera.Server.Tests.Sessions;

/// <summary>One step of a generated session workload; the arguments mean what <see cref="Kind"/> says.</summary>
/// <param name="Kind">Start, Update, End, Advance, Watch or CloseWatch.</param>
/// <param name="A">Start: instance. Update/End/Watch: session pick. CloseWatch: watch pick. Advance: seconds.</param>
/// <param name="B">Start/Update: user. Watch: resume mode.</param>
/// <param name="C">Start/Update: lifetime or exp shift in seconds.</param>
/// <param name="D">Start/Update: role set.</param>
public sealed record PropertyCommand(PropertyCommandKind Kind, int A, int B, int C, int D)
{
    public override string ToString() => Kind switch
    {
        PropertyCommandKind.Start => $"Start(instance {A}, user {B}, lifetime {C}s, roles {D})",
        PropertyCommandKind.Update => $"Update(session #{A}, user {B}, exp shift {C}s, roles {D})",
        PropertyCommandKind.End => $"End(session #{A})",
        PropertyCommandKind.Advance => $"Advance({A}s)",
        PropertyCommandKind.Watch => $"Watch(session #{A}, resume mode {B})",
        PropertyCommandKind.CloseWatch => $"CloseWatch(watch #{A})",
        _ => Kind.ToString(),
    };
}
