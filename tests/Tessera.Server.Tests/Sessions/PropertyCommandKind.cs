namespace Tessera.Server.Tests.Sessions;

public enum PropertyCommandKind
{
    Start,
    Update,
    End,
    Advance,
    Watch,
    CloseWatch,
}
