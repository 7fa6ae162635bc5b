namespace Tessera.Conformance.Clients;

/// <summary>A client requirement: its id (<c>CLI-3</c>), a short title and the normative text.</summary>
/// <param name="Id">The id, e.g. <c>CLI-3</c>.</param>
/// <param name="Title">A few words.</param>
/// <param name="Text">The requirement as SPEC.md states it.</param>
public sealed record ClientRequirement(string Id, string Title, string Text);
