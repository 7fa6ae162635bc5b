using Tessera.Conformance.Commands;

namespace Tessera.Conformance.Generation;

/// <summary>
/// Picks the node of each command of a sequence on a cluster target, from the
/// sequence's seed alone: the first command on any node, each later one on a
/// node other than the one before (start on one, update on another, watch on
/// a third). Kept apart from the FsCheck generators so that a single target
/// gets exactly the sequences it always got.
/// </summary>
internal static class NodeChoice
{
    public static Command[] Assign(Command[] commands, ulong seed, int nodeCount)
    {
        if (nodeCount <= 1)
        {
            return commands;
        }

        var state = seed ^ 0x6A09E667F3BCC909UL;
        var node = (int)(Next(ref state) % (ulong)nodeCount);
        var result = new Command[commands.Length];
        for (var i = 0; i < commands.Length; i++)
        {
            if (i > 0)
            {
                node = (node + 1 + (int)(Next(ref state) % (ulong)(nodeCount - 1))) % nodeCount;
            }

            result[i] = commands[i] with { Node = node };
        }

        return result;
    }

    /// <summary>SplitMix64: a stable stream from the seed, the same on every platform and .NET version.</summary>
    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
