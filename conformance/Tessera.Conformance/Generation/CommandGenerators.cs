using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Commands;
using Tessera.Conformance.Tokens;

namespace Tessera.Conformance.Generation;

/// <summary>
/// FsCheck generators of command sequences. A sequence is generated from a
/// seed and a size alone, so "case:seed:size" replays it exactly.
/// </summary>
internal static class CommandGenerators
{
    private static readonly TokenFlavor[] BrokenFlavors =
    [
        TokenFlavor.Expired, TokenFlavor.ExpiredAtBoundary, TokenFlavor.ValidOneTickBeforeExpiry,
        TokenFlavor.NotYetValidNbf, TokenFlavor.NotYetValidIat, TokenFlavor.NbfAtBoundary,
        TokenFlavor.UnknownIssuer, TokenFlavor.WrongAudience, TokenFlavor.AudienceArray,
        TokenFlavor.BadSignature, TokenFlavor.AlgNone, TokenFlavor.KeyConfusion, TokenFlavor.UnknownKid,
        TokenFlavor.OverLongLifetime, TokenFlavor.LifetimeAtMax, TokenFlavor.ExpNotAfterIat,
        TokenFlavor.Oversized, TokenFlavor.SizeAtLimit, TokenFlavor.Malformed, TokenFlavor.SubjectTooLong,
        TokenFlavor.ExpNotNumber, TokenFlavor.RolesNotArray, TokenFlavor.WrongTokenType, TokenFlavor.UserTokenType,
    ];

    private static readonly StartDefect[] Defects =
    [
        StartDefect.EmptyInstance, StartDefect.UnprintableInstance, StartDefect.LongInstance, StartDefect.NoCredential,
        StartDefect.EmptyProtocol, StartDefect.UnknownProtocol, StartDefect.WrongSchemaHash, StartDefect.MatchingSchemaHash,
        StartDefect.EmptyGuestUser,
    ];

    /// <summary>Generates one sequence of <paramref name="size"/>-dependent length from <paramref name="seed"/>.</summary>
    public static Command[] Generate(CommandMix mix, ulong seed, int size, int maxLength)
    {
        var gen = Sequence(mix, maxLength);
        // Sample(gen, numberOfSamples, seed, size).
        return Gen.Sample(gen, 1, new Rnd(seed), size)[0];
    }

    /// <summary>A start first (so later commands have a session), then up to size-many commands of the mix.</summary>
    public static Gen<Command[]> Sequence(CommandMix mix, int maxLength) =>
        Gen.Sized(size =>
            from length in Gen.Choose(2, Math.Clamp(size, 2, maxLength))
            from first in Start(mix)
            from rest in Gen.ArrayOf(AnyCommand(mix), length - 1)
            select (Command[])[first, .. rest]);

    public static Gen<Command> AnyCommand(CommandMix mix)
    {
        var choices = new List<(int, Gen<Command>)>();
        void Add(int weight, Gen<Command> gen)
        {
            if (weight > 0)
            {
                choices.Add((weight, gen));
            }
        }

        Add(mix.Start, Start(mix));
        Add(mix.Get, Reference(mix).Select(r => (Command)new GetCommand { Session = r }));
        Add(mix.Update, Update(mix));
        Add(mix.End, Reference(mix).Select(r => (Command)new EndCommand { Session = r }));
        Add(mix.Watch, Watch(mix));
        Add(mix.Drop, Gen.Choose(0, 3).Select(w => (Command)new DropCommand { Watcher = w }));
        Add(mix.Advance, Advance());
        Add(mix.Race, Race());
        return Gen.Frequency(choices.ToArray());
    }

    public static Gen<Command> Start(CommandMix mix) =>
        from instance in Gen.Choose(0, Math.Max(0, mix.Instances - 1))
        from guest in Percent(mix.GuestPercent)
        from user in Gen.Choose(0, 2)
        from roles in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3))).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 5), n))
        from lifetime in Gen.Choose(1, 16)
        from fraction in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 127)))
        from flavor in Flavor(mix)
        from variant in Gen.Choose(0, 11)
        from issuer in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)))
        from defect in Gen.Frequency((100 - mix.RequestDefectPercent, Gen.Constant(StartDefect.None)), (Math.Max(0, mix.RequestDefectPercent), Gen.Elements(Defects)))
        select (Command)new StartCommand { Instance = instance, Guest = guest, User = user, Roles = roles, LifetimeSteps = lifetime, Fraction = fraction, Flavor = flavor, Variant = variant, IssuerIndex = issuer, Defect = defect };

    public static Gen<Command> Update(CommandMix mix) =>
        from session in Reference(mix)
        from mismatch in Percent(mix.UpdateMismatchPercent)
        from identity in mismatch ? Gen.Elements(IdentityChoice.Same, IdentityChoice.OtherUser, IdentityChoice.OtherIssuer) : Gen.Constant(IdentityChoice.Same)
        from roles in mismatch ? Gen.Elements(Enum.GetValues<RolesChoice>()) : Gen.Elements(RolesChoice.Same, RolesChoice.Same, RolesChoice.Reordered, RolesChoice.Repeated)
        from exp in mismatch ? Gen.Elements(Enum.GetValues<ExpChoice>()) : Gen.Elements(ExpChoice.Later, ExpChoice.Later, ExpChoice.Same)
        from steps in Gen.Choose(1, 16)
        from flavor in Flavor(mix)
        from variant in Gen.Choose(0, 11)
        from empty in Percent(mix.BadReferencePercent)
        select (Command)new UpdateCommand { Session = session, Identity = identity, Roles = roles, Exp = exp, ExpSteps = steps, Flavor = flavor, Variant = variant, EmptyToken = empty };

    public static Gen<Command> Watch(CommandMix mix) =>
        from session in Reference(mix)
        from resume in Gen.Frequency(
            (6, Gen.Constant(ResumeChoice.FromStart)), (3, Gen.Constant(ResumeChoice.FromLast)), (3, Gen.Constant(ResumeChoice.Back)),
            (1, Gen.Constant(ResumeChoice.Beyond)), (1, Gen.Constant(ResumeChoice.TooOld)))
        from back in Gen.Choose(1, 4)
        select (Command)new WatchCommand { Session = session, Resume = resume, Back = back };

    public static Gen<Command> Advance() =>
        from kind in Gen.Frequency((4, Gen.Constant(AdvanceKind.Deadline)), (3, Gen.Constant(AdvanceKind.Units)), (1, Gen.Constant(AdvanceKind.PastRetention)))
        from amount in Gen.Choose(1, 16)
        select (Command)new AdvanceCommand { Kind = kind, Amount = amount };

    public static Gen<Command> Race() =>
        from count in Gen.Choose(2, 4)
        from same in Gen.Elements(true, false)
        from user in Gen.Choose(0, 2)
        select (Command)new RaceCommand { Count = count, SameUser = same, User = user };

    /// <summary>0 = newest session, 1 = the one before...; sometimes an unknown (-1) or empty (-2) id.</summary>
    public static Gen<int> Reference(CommandMix mix) =>
        Gen.Frequency(
            (100 - mix.BadReferencePercent, Gen.Frequency((4, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Choose(2, 5)))),
            (Math.Max(0, mix.BadReferencePercent), Gen.Elements(-1, -2)));

    private static Gen<TokenFlavor> Flavor(CommandMix mix) =>
        Gen.Frequency((100 - mix.BrokenTokenPercent, Gen.Constant(TokenFlavor.Valid)), (Math.Max(0, mix.BrokenTokenPercent), Gen.Elements(BrokenFlavors)));

    private static Gen<bool> Percent(int percent) =>
        percent <= 0 ? Gen.Constant(false) : percent >= 100 ? Gen.Constant(true) : Gen.Frequency((percent, Gen.Constant(true)), (100 - percent, Gen.Constant(false)));
}
